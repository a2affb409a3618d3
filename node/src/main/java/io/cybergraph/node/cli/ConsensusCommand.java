package io.cybergraph.node.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cyber consensus}: tools around the Tendermint state machine. */
@Command(
    name = "consensus",
    mixinStandardHelpOptions = true,
    description = "Consensus tools.",
    subcommands = {ConsensusCommand.Script.class})
public final class ConsensusCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code cyber consensus script FILE}: replay a JSON-lines scenario through the machine. */
  @Command(
      name = "script",
      mixinStandardHelpOptions = true,
      description = {
        "Runs a JSON-lines consensus scenario through the state machine and prints one JSON",
        "line per action (format: docs/consensus.md). Exit 2 with FILE:LINE: reason on bad input."
      })
  static final class Script implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the scenario (.jsonl)")
    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        new ConsensusScript(out).run(in);
        return 0;
      } catch (ConsensusScript.ScriptException e) {
        out.flush();
        err.println(file + ":" + e.line + ": " + e.getMessage());
        err.flush();
        return 2;
      } catch (NoSuchFileException e) {
        err.println(file + ": cannot read: no such file");
        err.flush();
        return 2;
      } catch (IOException e) {
        err.println(file + ": cannot read: " + e);
        err.flush();
        return 2;
      }
    }
  }
}
