package io.cybergraph.node.cli;

/**
 * Input the user must fix (unreadable or malformed file, invalid parameter): the command
 * prints the message as one line on stderr and exits with 2.
 */
final class BadInputException extends Exception {
  private static final long serialVersionUID = 1L;

  BadInputException(String message) {
    super(message);
  }
}
