package io.cybergraph.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cyber} command line: the root command that every command group hangs off.
 *
 * <p>Exit codes: 0 success, 1 runtime failure, 2 bad input (usage, unreadable or malformed
 * files, invalid parameters).
 */
@Command(
    name = "cyber",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A consensus node for the cybergraph.",
    subcommands = {
      CommandLine.HelpCommand.class,
      InitCommand.class,
      KeysCommand.class,
      TxCommand.class,
      QueryCommand.class,
      ConsensusCommand.class,
      RankCommand.class,
      BenchCommand.class,
      ShowNodeIdCommand.class,
      StartCommand.class,
      DevCommand.class,
      TestnetCommand.class,
      DevnetCommand.class
    })
public final class CyberCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run commands through it in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new CyberCommand());
    cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? 2 : 1);
    cl.setParameterExceptionHandler(CyberCommand::usageError);
    return cl;
  }

  /** A usage error is one line on stderr (not the whole usage text) and exit code 2. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr()
        .println(
            "error: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    return 2;
  }
}
