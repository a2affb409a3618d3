package io.cybergraph.node.home;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.RandomAccessFile;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CappedFileTest {
  @TempDir Path dir;

  @Test
  void readsARegularFileUpToTheCap() throws Exception {
    Path file = Files.write(dir.resolve("ten"), "0123456789".getBytes());
    assertArrayEquals("0123456789".getBytes(), CappedFile.read(file, 10));
    Path empty = Files.createFile(dir.resolve("empty"));
    assertArrayEquals(new byte[0], CappedFile.read(empty, 10));
  }

  @Test
  void aFileOverTheCapIsRefusedWithItsSize() throws Exception {
    Path big = dir.resolve("big");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(3L << 30); // sparse: 3 GiB without writing them
    }
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> CappedFile.read(big, 1 << 20));
    assertEquals(big + ": too large (3221225472 bytes, at most 1048576)", e.getMessage());
    assertEquals("too large (3221225472 bytes, at most 1048576)", IoErrors.describe(e));
    Path eleven = Files.write(dir.resolve("eleven"), "01234567890".getBytes());
    assertThrows(FileSystemException.class, () -> CappedFile.read(eleven, 10));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS) // a fifo opened for reading waits for a writer
  void devicesFifosAndFoldersAreRefused() throws Exception {
    Path zero = Files.createSymbolicLink(dir.resolve("zero.json"), Path.of("/dev/zero"));
    FileSystemException device =
        assertThrows(FileSystemException.class, () -> CappedFile.read(zero, 1 << 20));
    assertEquals("not a regular file (a device, pipe or socket)", IoErrors.describe(device));
    Path fifo = dir.resolve("fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    assertThrows(FileSystemException.class, () -> CappedFile.read(fifo, 1 << 20));
    FileSystemException folder =
        assertThrows(FileSystemException.class, () -> CappedFile.read(dir, 1 << 20));
    assertEquals("it is a folder, not a file", IoErrors.describe(folder));
    assertThrows(NoSuchFileException.class, () -> CappedFile.read(dir.resolve("none"), 10));
  }
}
