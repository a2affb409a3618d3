package io.cybergraph.node.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.home.NodeHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet as a user runs it, with the packaged jar ({@code target/cyber.jar}, so Failsafe):
 * {@code cyber testnet}, {@code cyber devnet up}, {@code status} until the chain grows, a
 * refused second {@code up}, {@code down}. Every command is its own process.
 */
class DevnetIT {
  static final Path JAR = Path.of("target", "cyber.jar").toAbsolutePath();

  @TempDir Path dir;
  private Path net;

  @AfterEach
  void neverLeaveANodeRunning() throws Exception {
    if (net == null) {
      return;
    }
    for (DevnetHomes.Entry entry : DevnetHomes.list(net)) {
      Optional<ProcessHandle> node = new NodeProcess(entry.home()).running();
      if (node.isPresent()) {
        node.get().destroyForcibly();
        node.get().onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void oneValidatorDevnetMakesBlocksAndStops() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "run after package: " + JAR);
    net = dir.resolve("net");
    int base = freeBasePort();
    cyber("testnet", "--validators", "1", "--full-nodes", "0", "--output", net.toString(),
        "--base-port", Integer.toString(base)).ok();
    NodeProcess node0 = new NodeProcess(new NodeHome(net.resolve("node0")));

    Run up = cyber("devnet", "up", "--dir", net.toString(), "--wait-seconds", "120").ok();
    long pid = Long.parseLong(Files.readString(node0.pidFile()).strip());
    assertEquals(List.of(
        "started node0 (pid " + pid + "), log " + node0.logFile(),
        "node0 answers on http://127.0.0.1:" + (base + 1)), up.out().lines().toList());
    ProcessHandle process = node0.running().orElseThrow();
    List<String> args = Arrays.asList(process.info().arguments().orElseThrow());
    for (String expected : List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1",
        "-Djava.io.tmpdir=" + node0.tmpDir(), JAR.toString(), "start",
        node0.home().root().toString())) {
      assertTrue(args.contains(expected), expected + " missing in " + args);
    }

    long height = awaitHeight(3, 120);
    assertTrue(height >= 3);

    assertEquals("node0 (pid " + pid + ") is already running: left as it is",
        cyber("devnet", "up", "--dir", net.toString()).ok().out().strip());
    assertTrue(process.isAlive());

    Run down = cyber("devnet", "down", "--dir", net.toString()).ok();
    assertEquals("stopped node0 (pid " + pid + ")", down.out().strip(), "SIGTERM was enough");
    assertFalse(process.isAlive());
    assertEquals("", Files.readString(node0.pidFile()), "emptied by the node as it stopped");
    String after = cyber("devnet", "status", "--dir", net.toString()).ok().out();
    assertTrue(after.lines().anyMatch(l -> l.startsWith("node0") && l.contains("stopped")
        && l.contains("(connection refused)")), after);
  }

  /** Polls {@code cyber devnet status} until node0's height reaches {@code min}. */
  private long awaitHeight(long min, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String last = "";
    while (System.nanoTime() < deadline) {
      last = cyber("devnet", "status", "--dir", net.toString()).ok().out();
      for (String line : last.lines().toList()) {
        String[] columns = line.trim().split("\\s+");
        // node0 validator running PID HEIGHT PEERS CATCHING_UP RPC
        if (columns[0].equals("node0") && columns[2].equals("running")
            && columns[4].matches("\\d+") && Long.parseLong(columns[4]) >= min) {
          return Long.parseLong(columns[4]);
        }
      }
      TimeUnit.MILLISECONDS.sleep(500); // the chain grows one block per second
    }
    throw new AssertionError("height " + min + " not reached in " + seconds + " s; status:\n"
        + last + "\nlog:\n" + Files.readString(net.resolve("node0").resolve(NodeProcess.LOG_FILE)));
  }

  record Run(int exitCode, String out, String err) {
    Run ok() {
      assertEquals(0, exitCode, "stdout: " + out + " stderr: " + err);
      return this;
    }

    Run fails(int code, String part) {
      assertEquals(code, exitCode, "stdout: " + out + " stderr: " + err);
      assertTrue(err.strip().startsWith("error: ") && err.contains(part), err);
      assertFalse(err.strip().contains("\n"), "one line: " + err);
      return this;
    }
  }

  /** {@code java -jar target/cyber.jar ARGS} in its own process. */
  private Run cyber(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("cyber " + String.join(" ", args) + " did not finish");
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /**
   * A base port P with P, P+1 and P+2 free on 127.0.0.1 now, from a random start: another
   * build running this test at the same time (another worktree, CI) must not pick the same
   * ports in the moment before either node binds them.
   */
  private static int freeBasePort() throws IOException {
    int slots = 1200; // bases 20000, 20010, ..., 31990: below Linux's ephemeral ports
    int first = ThreadLocalRandom.current().nextInt(slots);
    for (int i = 0; i < slots; i++) {
      int base = 20000 + 10 * ((first + i) % slots);
      if (free(base) && free(base + 1) && free(base + 2)) {
        return base;
      }
    }
    throw new IOException("no free ports in 20000..32000");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
