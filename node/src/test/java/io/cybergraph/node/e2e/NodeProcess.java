package io.cybergraph.node.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node in its own JVM ({@code cyber start --home DIR}) with the test classpath, a small heap,
 * one processor and its own temp folder (rocksdbjni unpacks its library there); stdout and
 * stderr go to a log file.
 */
final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private NodeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code cyber start --home HOME}, followed by {@code startOptions}. */
  static NodeProcess start(Path home, Path workDir, String name, String... startOptions)
      throws IOException {
    Path tmp = Files.createDirectories(workDir.resolve("tmp-" + name));
    Path log = workDir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(
            java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1",
            "-Djava.io.tmpdir=" + tmp,
            "-cp", System.getProperty("java.class.path"),
            "io.cybergraph.node.cli.CyberCommand", "start", "--home", home.toString()));
    command.addAll(List.of(startOptions));
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new NodeProcess(p, log);
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGKILL: no shutdown hook, no RocksDB close; returns the exit code (137). */
  int kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("node survived SIGKILL");
    }
    return process.exitValue();
  }

  /** SIGTERM: the shutdown hook stops the node cleanly; returns the exit code (143). */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("node did not stop within 60 s of SIGTERM:\n" + log());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
