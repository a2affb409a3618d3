package io.cybergraph.node.home;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** An I/O failure in words for people: the JDK's message for some is only the path. */
public final class IoErrors {
  private IoErrors() {}

  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      // The OS's words (strerror), e.g. "Read-only file system"; two get this project's.
      return switch (f.getReason()) {
        case "Is a directory" -> "it is a folder, not a file";
        case "Not a directory" -> "not a folder";
        default -> f.getReason();
      };
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
