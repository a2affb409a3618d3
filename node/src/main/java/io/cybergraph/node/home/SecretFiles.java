package io.cybergraph.node.home;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold private keys: created with mode 0600 from the first byte (never
 * world-readable, not even briefly), written to a temporary name, synced, moved into place and
 * the folder synced, so a crash or power loss leaves either no file or a whole one. They are
 * never overwritten.
 */
public final class SecretFiles {

  public static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  private SecretFiles() {}

  /** Writes a new secret file; {@link HomeException} if it exists or cannot be written. */
  public static void writeNew(Path file, byte[] content) {
    if (Files.exists(file)) {
      throw new HomeException(file + " already exists; refusing to overwrite it");
    }
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(tmp);
      createOwnerOnly(tmp);
      DurableFile.writeSynced(tmp, content);
      if (Files.exists(file)) { // appeared while writing: keep it, drop ours
        throw new FileAlreadyExistsException(file.toString());
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      DurableFile.syncFolder(dir); // the rename too: a lost key cannot be made again
    } catch (FileAlreadyExistsException e) {
      throw new HomeException(file + " already exists; refusing to overwrite it", e);
    } catch (IOException e) {
      throw new HomeException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the temporary file is owner-only; leaving it is harmless
      }
    }
  }

  /** Creates a folder (and parents) readable by its owner only. */
  public static void createOwnerOnlyDir(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return;
      }
      if (Files.exists(dir)) {
        throw new HomeException("cannot create " + dir + ": it is a file, not a folder");
      }
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(dir); // not a POSIX file system
      }
    } catch (IOException e) {
      throw new HomeException("cannot create " + dir + ": " + IoErrors.describe(e), e);
    }
  }

  /** True when the file is not readable by group or others (always true off POSIX). */
  public static boolean isOwnerOnly(Path file) {
    try {
      return OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file));
    } catch (UnsupportedOperationException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
  }
}
