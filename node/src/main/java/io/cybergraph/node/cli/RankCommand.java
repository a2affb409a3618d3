package io.cybergraph.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cyber rank}: the tri-kernel focus computation. */
@Command(
    name = "rank",
    mixinStandardHelpOptions = true,
    description = "Compute the tri-kernel focus (docs/spec/tri-kernel.md).",
    subcommands = {RankComputeCommand.class, RankExplainCommand.class, RankContextCommand.class})
public final class RankCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
