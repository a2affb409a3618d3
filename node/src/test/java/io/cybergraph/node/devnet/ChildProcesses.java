package io.cybergraph.node.devnet;

import io.cybergraph.node.home.NodeHome;
import java.nio.file.Path;
import java.util.List;

/**
 * Small real processes standing in for a node where the test is about process handling only
 * (start, pid file, log, signals), not about the node: each locks its home's {@code node.pid}
 * as {@code cyber start --home HOME} does ({@link LockingChild}).
 */
public final class ChildProcesses {
  private ChildProcesses() {}

  /** Locks the home, prints "child of HOME started", runs until SIGTERM, then unlocks. */
  public static List<String> obeysSigterm(NodeHome home) {
    return java(home, "obeys");
  }

  /** Locks the home, prints "stubborn child of HOME": SIGTERM does not end it, SIGKILL does. */
  public static List<String> ignoresSigterm(NodeHome home) {
    return java(home, "ignores");
  }

  private static List<String> java(NodeHome home, String mode) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        LockingChild.class.getName(), home.root().toString(), mode);
  }
}
