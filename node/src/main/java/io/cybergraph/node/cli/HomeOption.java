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
   * The home to read. A {@code --home} or {@code $CYBER_HOME} that does not exist is refused: a
   * mistyped path must not read as an empty keyring or fall back to the default node address.
   */
  NodeHome home() {
    String env = System.getenv(NodeHome.ENV);
    if (home != null) {
      requireFolder(home, "");
    } else if (env != null && !env.isBlank()) {
      requireFolder(Path.of(env), " ($" + NodeHome.ENV + ")");
    }
    return homeToCreate();
  }

  private static void requireFolder(Path dir, String from) {
    if (!Files.isDirectory(dir)) {
      throw CliException.badInput("home " + dir + from + (Files.exists(dir)
          ? " is not a folder" : " does not exist (create one with 'cyber init --home "
              + dir + " --chain-id ID')"));
    }
  }

  /** The home to create or add to ({@code init}, {@code keys add}): it may not exist yet. */
  NodeHome homeToCreate() {
    return home == null ? NodeHome.defaultHome() : new NodeHome(home);
  }
}
