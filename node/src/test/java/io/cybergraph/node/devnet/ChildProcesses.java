package io.cybergraph.node.devnet;

import io.cybergraph.node.home.NodeHome;
import java.util.List;

/**
 * Small real processes standing in for a node where the test is about process handling only
 * (start, pid file, log, signals), not about the node: each names its home in its arguments,
 * as {@code cyber start --home HOME} does.
 */
public final class ChildProcesses {
  private ChildProcesses() {}

  /** Prints a line, then runs until SIGTERM (the default action ends it). */
  public static List<String> obeysSigterm(NodeHome home) {
    return List.of("sh", "-c", "echo child of $1 started; while :; do sleep 0.1; done",
        "child", home.root().toString());
  }

  /** Ignores SIGTERM: only SIGKILL ends it. */
  public static List<String> ignoresSigterm(NodeHome home) {
    return List.of("sh", "-c",
        "trap '' TERM; echo stubborn child of $1; while :; do sleep 0.1; done",
        "child", home.root().toString());
  }
}
