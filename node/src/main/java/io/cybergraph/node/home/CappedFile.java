package io.cybergraph.node.home;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads a whole file that must be small: a regular file of at most a given size. Files.readAllBytes
 * on a device ({@code /dev/zero}) or a huge file runs out of memory or never ends; a fifo would
 * block at open. Those are refused instead, as a {@link FileSystemException} whose reason
 * ({@link IoErrors#describe}) says why: {@code FILE: too large (N bytes, at most M)}.
 */
public final class CappedFile {
  /** Key files are ~200 bytes. */
  public static final int KEY_FILE_MAX = 64 << 10;
  /** config.toml is ~2 KB as {@code cyber init} writes it. */
  public static final int CONFIG_MAX = 1 << 20;
  /** The largest testnet (100 validators, 100 accounts) writes well under 100 KB. */
  public static final int GENESIS_MAX = 64 << 20;

  private CappedFile() {}

  /** The bytes of {@code file} (symlinks followed); refused unless regular and small enough. */
  public static byte[] read(Path file, int maxBytes) throws IOException {
    // checked before opening: opening a fifo waits for a writer
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    if (attrs.isDirectory()) {
      throw new FileSystemException(file.toString(), null, "Is a directory");
    }
    if (!attrs.isRegularFile()) {
      throw new FileSystemException(
          file.toString(), null, "not a regular file (a device, pipe or socket)");
    }
    if (attrs.size() > maxBytes) {
      throw tooLarge(file, attrs.size(), maxBytes);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      // the size may change between the check and the read: read one byte past the cap
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min((long) maxBytes + 1, attrs.size() + 1));
      while (true) {
        if (!buffer.hasRemaining()) {
          if (buffer.capacity() > maxBytes) {
            throw tooLarge(file, ch.size(), maxBytes);
          }
          buffer = ByteBuffer.allocate((int) Math.min((long) maxBytes + 1, buffer.capacity() * 2L))
              .put(buffer.flip());
        }
        if (ch.read(buffer) < 0) {
          return Arrays.copyOf(buffer.array(), buffer.position());
        }
      }
    }
  }

  private static FileSystemException tooLarge(Path file, long size, int maxBytes) {
    return new FileSystemException(
        file.toString(), null, "too large (" + size + " bytes, at most " + maxBytes + ")");
  }
}
