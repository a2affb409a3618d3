package io.cybergraph.node.cli;

import io.cybergraph.node.home.NodeHome;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home DIR}: the node home; default {@code $CYBER_HOME} or {@code ~/.cyber}. */
final class HomeOption {

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Node home folder (default: $CYBER_HOME or ~/.cyber).")
  Path home;

  /**
   * The home to read. A {@code --home} that does not exist is refused: a mistyped path must not
   * read as an empty keyring or fall back to the default node address.
   */
  NodeHome home() {
    if (home != null && !Files.isDirectory(home)) {
      throw CliException.badInput("home " + home + (Files.exists(home)
          ? " is not a folder" : " does not exist (create one with 'cyber init --home "
              + home + " --chain-id ID')"));
    }
    return homeToCreate();
  }

  /** The home to create or add to ({@code init}, {@code keys add}): it may not exist yet. */
  NodeHome homeToCreate() {
    return home == null ? NodeHome.defaultHome() : new NodeHome(home);
  }
}
