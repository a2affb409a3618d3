package io.cybergraph.node.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.home.HomeException;
import io.cybergraph.node.home.HomeLock;
import io.cybergraph.node.home.NodeHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeProcessTest {
  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killChildren() throws Exception {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theStartedNodeLocksThePidFileAndItsOutputIsAppendedToTheLog() throws Exception {
    NodeHome home = new NodeHome(Files.createDirectories(dir.resolve("node0")));
    NodeProcess node = new NodeProcess(home);
    Files.writeString(node.logFile(), "earlier run\n");
    assertEquals(Optional.empty(), node.running());

    Process process = start(node, ChildProcesses.obeysSigterm(home));
    assertTrue(node.awaitRunning(process, Duration.ofSeconds(30)));
    assertEquals(process.pid() + "\n", Files.readString(node.pidFile()));
    assertEquals(process.pid(), node.running().orElseThrow().pid());
    assertTrue(Files.isDirectory(node.tmpDir()));
    awaitLastLogLine(node, "child of " + home.root() + " started");
    assertTrue(Files.readString(node.logFile()).startsWith("earlier run\n"));
    // detached: the child leads its own session, so a Ctrl-C in our terminal cannot reach it
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      assertEquals(process.pid(), sessionOf(process.pid()));
    }
    assertFalse(node.clearStale(), "a running node's file is not stale");

    process.destroy(); // SIGTERM: the node empties its file as it stops
    assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    assertEquals(Optional.empty(), node.running(), "a dead process is not running");
    assertEquals("", Files.readString(node.pidFile()));
    assertFalse(node.clearStale(), "nothing stale");
  }

  @Test
  void aKilledNodesFileIsStaleWhateverPidItNames() throws Exception {
    NodeHome home = new NodeHome(Files.createDirectories(dir.resolve("node0")));
    NodeProcess node = new NodeProcess(home);
    Process process = start(node, ChildProcesses.obeysSigterm(home));
    assertTrue(node.awaitRunning(process, Duration.ofSeconds(30)));
    process.destroyForcibly(); // kill -9: no chance to empty the file
    assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    assertTrue(Files.exists(node.pidFile()));
    assertEquals(Optional.empty(), node.running());
    // a live process (ours), a kernel thread's pid, or garbage: unlocked, so nobody runs
    for (String text : List.of(ProcessHandle.current().pid() + "\n", "2\n", "garbage\n")) {
      Files.writeString(node.pidFile(), text);
      assertEquals(Optional.empty(), node.running(), text);
    }
    assertTrue(node.clearStale());
    assertEquals("", Files.readString(node.pidFile()));
    assertFalse(node.clearStale(), "nothing left to clear");
  }

  /** A node started by hand, or under another spelling of the home's path, is still seen. */
  @Test
  void aNodeIsSeenWhateverPathItWasStartedWith() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real/node0"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
    NodeProcess viaLink = new NodeProcess(new NodeHome(link.resolve("node0")));
    Process process = start(viaLink, ChildProcesses.obeysSigterm(viaLink.home()));
    assertTrue(viaLink.awaitRunning(process, Duration.ofSeconds(30)));
    NodeProcess viaReal = new NodeProcess(new NodeHome(real));
    assertEquals(process.pid(), viaReal.running().orElseThrow().pid());
    assertFalse(viaReal.clearStale());
    HomeException e = assertThrows(HomeException.class, () -> HomeLock.acquire(viaReal.home()));
    assertEquals("a node is already running on " + real + " (pid " + process.pid()
        + "); stop it first", e.getMessage());
  }

  @Test
  void aLogPastTheLimitIsMovedAsideAtStart() throws Exception {
    NodeHome home = new NodeHome(Files.createDirectories(dir.resolve("node0")));
    NodeProcess node = new NodeProcess(home);
    try (var log = java.nio.channels.FileChannel.open(node.logFile(),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
      log.write(java.nio.ByteBuffer.wrap("old\n".getBytes()), NodeProcess.LOG_ROTATE_BYTES);
    } // sparse: past the limit without writing 64 MB
    Process process = start(node, ChildProcesses.obeysSigterm(home));
    assertTrue(node.awaitRunning(process, Duration.ofSeconds(30)));
    awaitLastLogLine(node, "child of " + home.root() + " started");
    assertEquals(NodeProcess.LOG_ROTATE_BYTES + 4,
        Files.size(home.root().resolve("node.log.1")));
    assertTrue(Files.size(node.logFile()) < 1000);
  }

  @Test
  void lastLogLineSkipsBlankLinesAndToleratesNoLog() throws Exception {
    NodeHome home = new NodeHome(Files.createDirectories(dir.resolve("node0")));
    NodeProcess node = new NodeProcess(home);
    assertEquals("", node.lastLogLine());
    Files.writeString(node.logFile(), "one\nerror: two\n\n  \n");
    assertEquals("error: two", node.lastLogLine());
  }

  @Test
  void lastLogLineReadsOnlyTheEndOfAHugeLog() throws Exception {
    NodeHome home = new NodeHome(Files.createDirectories(dir.resolve("node0")));
    NodeProcess node = new NodeProcess(home);
    try (var log = new java.io.RandomAccessFile(node.logFile().toFile(), "rw")) {
      log.write("first\n".getBytes());
      log.seek(3L << 30); // sparse: 3 GiB of NULs, more than a JVM can hold as lines
      log.write("\nlast words\n\n".getBytes());
    }
    assertEquals("last words", node.lastLogLine());
  }

  private Process start(NodeProcess node, List<String> command) throws Exception {
    Process process = node.start(command);
    started.add(process);
    return process;
  }

  static void awaitLastLogLine(NodeProcess node, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!node.lastLogLine().equals(expected)) {
      assertTrue(System.nanoTime() < deadline, "log ends with: " + node.lastLogLine());
      Thread.sleep(20); // polling a file: there is no event to wait on
    }
  }

  /** Field 6 of /proc/PID/stat: the session id. */
  private static long sessionOf(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[3]);
  }
}
