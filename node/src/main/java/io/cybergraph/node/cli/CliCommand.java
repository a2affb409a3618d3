package io.cybergraph.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cybergraph.node.config.ConfigException;
import io.cybergraph.node.home.HomeException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Base of the commands in this package: runs {@link #execute()} and turns expected failures into
 * one line on stderr ({@code error: ...}) and the exit code (2 bad input, 1 failure), never a
 * stack trace. Output goes through picocli's writers, so tests capture it.
 */
abstract class CliCommand implements Callable<Integer> {

  /** Pretty JSON for what commands print. */
  static final ObjectMapper PRETTY =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Does the work; throws {@link CliException} (or a home/config error) on failure. */
  protected abstract void execute();

  @Override
  public final Integer call() {
    try {
      execute();
      out().flush();
      return 0;
    } catch (CliException e) {
      return fail(e.exitCode(), e.getMessage());
    } catch (HomeException | ConfigException e) {
      return fail(CliException.BAD_INPUT, e.getMessage()); // unreadable or malformed files
    } catch (RuntimeException e) {
      return fail(CliException.FAILURE, describe(e));
    } catch (OutOfMemoryError | StackOverflowError e) {
      // the heap or stack is gone, but unwinding freed it: a line says so, not a trace
      return fail(CliException.FAILURE, describe(e));
    }
  }

  /** Out of memory or stack: what ran out, and the JVM's words. */
  private static String describe(VirtualMachineError e) { // OutOfMemoryError, StackOverflowError
    String what = e instanceof StackOverflowError ? "stack overflow" : "out of memory";
    return e.getMessage() == null ? what : what + ": " + e.getMessage();
  }

  /**
   * An unexpected failure in one line: the message alone where it was written for people (the
   * store, a port taken, a file), the exception's name too where it may be a bug.
   */
  private static String describe(RuntimeException e) {
    boolean forPeople = e instanceof io.cybergraph.store.StoreException
        || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException;
    return forPeople && e.getMessage() != null
        ? e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private int fail(int code, String message) {
    out().flush();
    err().println("error: " + String.valueOf(message).replaceAll("\\s*\\R\\s*", " "));
    err().flush();
    return code;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints a JSON value indented. */
  void printJson(Object value) {
    try {
      out().println(PRETTY.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
