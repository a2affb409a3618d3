package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs {@code cyber} commands in-process, capturing stdout, stderr and the exit code (public: the
 * end-to-end tests drive the CLI with it too).
 */
public final class Cli {

  static final ObjectMapper JSON = new ObjectMapper();

  public record Result(int exitCode, String out, String err) {

    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("stdout is not JSON: " + out, e);
      }
    }

    /** Exit 0 and nothing on stderr. */
    public Result ok() {
      assertEquals(0, exitCode, "stderr: " + err + " stdout: " + out);
      return this;
    }

    /** The exit code, and exactly one line on stderr containing {@code part}. */
    Result fails(int code, String part) {
      assertEquals(code, exitCode, "stdout: " + out + " stderr: " + err);
      String line = err.strip();
      assertFalse(line.contains("\n"), "one line expected: " + err);
      assertTrue(line.startsWith("error: "), err);
      assertTrue(line.contains(part), "'" + line + "' should contain '" + part + "'");
      assertFalse(err.contains("\tat "), err);
      return this;
    }
  }

  private Cli() {}

  public static Result run(String... args) {
    CommandLine cl = CyberCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
