package io.cybergraph.node.producer;

/** The signer refused: signing would contradict a signature already given out. */
public final class DoubleSignException extends RuntimeException {
  public DoubleSignException(String message) {
    super(message);
  }
}
