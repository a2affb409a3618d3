package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How {@link CliCommand} reports what a command throws. */
class CliCommandTest {

  /** A command that fails with a given throwable. */
  @CommandLine.Command(name = "throws")
  static final class Throwing extends CliCommand {
    private final RuntimeException runtime;
    private final Error error;

    Throwing(RuntimeException runtime, Error error) {
      this.runtime = runtime;
      this.error = error;
    }

    @Override
    protected void execute() {
      if (runtime != null) {
        throw runtime;
      }
      throw error;
    }
  }

  private static Cli.Result run(CliCommand command) {
    CommandLine cl = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Cli.Result(cl.execute(), out.toString(), err.toString());
  }

  @Test
  void runningOutOfMemoryIsOneLineAndExit1() {
    Cli.Result r = run(new Throwing(null, new OutOfMemoryError("Java heap space")))
        .fails(1, "out of memory: Java heap space");
    assertEquals("error: out of memory: Java heap space\n", r.err());
  }

  @Test
  void aStackOverflowIsOneLineAndExit1() {
    run(new Throwing(null, new StackOverflowError())).fails(1, "error: stack overflow");
  }

  @Test
  void anUnexpectedRuntimeExceptionIsNamedOnOneLine() {
    run(new Throwing(new NullPointerException("x is null"), null))
        .fails(1, "NullPointerException: x is null");
  }
}
