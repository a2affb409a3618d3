package io.cybergraph.node.cli;

import io.cybergraph.node.home.NodeHome;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home DIR}: the node home; default {@code $CYBER_HOME} or {@code ~/.cyber}. */
final class HomeOption {

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Node home folder (default: $CYBER_HOME or ~/.cyber).")
  Path home;

  NodeHome home() {
    return home == null ? NodeHome.defaultHome() : new NodeHome(home);
  }
}
