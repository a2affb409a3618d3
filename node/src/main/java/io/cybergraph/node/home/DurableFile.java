package io.cybergraph.node.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A small file replaced atomically and durably: written to a temporary file, synced, renamed
 * over the old one, and the folder synced, so after a crash it holds the old or the new bytes.
 */
public final class DurableFile {
  private final Path file;

  public DurableFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  public void write(byte[] bytes) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      writeSynced(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncFolder(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code bytes} to {@code file} (created or truncated) and syncs it to disk. */
  static void writeSynced(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    }
  }

  /** Syncs a folder: the names created, renamed or removed in it are durable. */
  static void syncFolder(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  public Optional<byte[]> read() {
    try {
      return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
