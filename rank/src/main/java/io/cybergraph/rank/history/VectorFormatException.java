package io.cybergraph.rank.history;

/** A line of a links or stakes file (spec §10) that cannot be used, with its line number. */
public final class VectorFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which of the two files the line is in. */
  public enum Source {
    LINKS,
    STAKES
  }

  private final Source source;
  private final int line;
  private final String reason;

  public VectorFormatException(Source source, int line, String reason) {
    super(line + ": " + reason);
    this.source = source;
    this.line = line;
    this.reason = reason;
  }

  public Source source() {
    return source;
  }

  /** 1-based line number. */
  public int line() {
    return line;
  }

  public String reason() {
    return reason;
  }
}
