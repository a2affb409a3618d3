package io.cybergraph.node.cli;

import io.cybergraph.node.home.IoErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads text files line by line for the parsers, turning I/O failures into bad input. */
final class InputFiles {
  private InputFiles() {}

  /** Receives one line with its 1-based number. */
  interface LineConsumer {
    void accept(int number, String line) throws Exception;
  }

  /** Feeds every line of {@code file} (UTF-8) to {@code consumer}. */
  static void forEachLine(Path file, LineConsumer consumer) throws Exception {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int number = 0;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16)) {
      String line;
      while (true) {
        try {
          line = r.readLine();
        } catch (CharacterCodingException e) {
          throw new BadInputException(file + ":" + (number + 1) + ": not UTF-8 text");
        }
        if (line == null) {
          break;
        }
        consumer.accept(++number, line);
      }
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read: " + IoErrors.describe(e));
    }
  }
}
