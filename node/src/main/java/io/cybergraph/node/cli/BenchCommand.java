package io.cybergraph.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cyber bench}: reproducible performance measurements. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure performance on reproducible synthetic data.",
    subcommands = {BenchRankCommand.class, BenchLoadCommand.class, BenchQueryCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
