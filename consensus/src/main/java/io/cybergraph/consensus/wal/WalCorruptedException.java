package io.cybergraph.consensus.wal;

import java.io.IOException;

/**
 * The log is damaged somewhere other than its final record (which is truncated instead): the node
 * must not guess what it signed, so it stops with this message (file and offset).
 */
public final class WalCorruptedException extends IOException {
  private static final long serialVersionUID = 1L;

  public WalCorruptedException(String message) {
    super(message);
  }
}
