package io.cybergraph.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.NativeLibraryLoader;

/**
 * Where RocksDB's native library is unpacked. Left to itself it copies its 17 MB library into
 * java.io.tmpdir under a new random name at every start and removes it only at a clean exit,
 * so every kill -9 leaves one behind. Given a folder it uses one fixed name there, replaced at
 * each start. A library on java.library.path (the Docker image) is used as is.
 */
public final class NativeLibrary {
  private NativeLibrary() {}

  /**
   * Loads the library, unpacking it into {@code folder} if it must be; call before the first
   * store opens (once loaded, later calls and the store's own load change nothing).
   *
   * @throws StoreException if the folder cannot be made or the library not loaded
   */
  public static synchronized void loadUnpackingInto(Path folder) {
    try {
      Files.createDirectories(folder);
      NativeLibraryLoader.getInstance().loadLibrary(folder.toString());
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      throw new StoreException("cannot load RocksDB's native library into " + folder + ": "
          + e.getMessage(), e);
    }
  }
}
