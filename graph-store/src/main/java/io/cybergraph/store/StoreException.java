package io.cybergraph.store;

/** RocksDB failed (disk full, corruption, I/O error): the store cannot go on safely. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
