package io.cybergraph.node.cli;

/**
 * A command failure to report as one line on stderr with an exit code: {@link #BAD_INPUT} (2)
 * for what the user can fix in the command or its files, {@link #FAILURE} (1) for the rest
 * (node unreachable, node refused, I/O).
 */
final class CliException extends RuntimeException {

  static final int FAILURE = 1;
  static final int BAD_INPUT = 2;

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static CliException badInput(String message) {
    return new CliException(BAD_INPUT, message);
  }

  static CliException failure(String message) {
    return new CliException(FAILURE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
