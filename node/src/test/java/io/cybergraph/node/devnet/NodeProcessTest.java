package io.cybergraph.node.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.home.HomeException;
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
  void startRecordsThePidAndAppendsOutputToTheLog() throws Exception {
    NodeHome home = new NodeHome(Files.createDirectories(dir.resolve("node0")));
    NodeProcess node = new NodeProcess(home);
    Files.writeString(node.logFile(), "earlier run\n");
    assertEquals(Optional.empty(), node.running());

    Process process = start(node, ChildProcesses.obeysSigterm(home));
    assertEquals(process.pid() + "\n", Files.readString(node.pidFile()));
    assertEquals(Optional.of(process.pid()), node.recordedPid());
    assertEquals(process.pid(), node.running().orElseThrow().pid());
    assertTrue(Files.isDirectory(node.tmpDir()));
    awaitLastLogLine(node, "child of " + home.root() + " started");
    assertTrue(Files.readString(node.logFile()).startsWith("earlier run\n"));
    // detached: the child leads its own session, so a Ctrl-C in our terminal cannot reach it
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      assertEquals(process.pid(), sessionOf(process.pid()));
    }

    process.destroy(); // SIGTERM
    assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    assertEquals(Optional.empty(), node.running(), "a dead process is not running");
    assertEquals(Optional.of(process.pid()), node.recordedPid(), "the stale file stays until down");
    node.clearPid();
    assertFalse(Files.exists(node.pidFile()));
  }

  @Test
  void aPidFileOfAnotherProcessIsNotThisNode() throws Exception {
    NodeHome home = new NodeHome(Files.createDirectories(dir.resolve("node0")));
    NodeProcess node = new NodeProcess(home);
    // a live process whose command line does not name this home (the pid was reused)
    Files.writeString(node.pidFile(), ProcessHandle.current().pid() + "\n");
    assertEquals(Optional.empty(), node.running());

    NodeHome other = new NodeHome(Files.createDirectories(dir.resolve("node1")));
    Process process = start(new NodeProcess(other), ChildProcesses.obeysSigterm(other));
    Files.writeString(node.pidFile(), process.pid() + "\n");
    assertEquals(Optional.empty(), node.running(), "node1's process is not node0");
    assertEquals(process.pid(), new NodeProcess(other).running().orElseThrow().pid());

    Files.writeString(node.pidFile(), "garbage\n");
    HomeException e = assertThrows(HomeException.class, node::running);
    assertTrue(e.getMessage().contains("not a process id: 'garbage'"), e.getMessage());
  }

  @Test
  void lastLogLineSkipsBlankLinesAndToleratesNoLog() throws Exception {
    NodeHome home = new NodeHome(Files.createDirectories(dir.resolve("node0")));
    NodeProcess node = new NodeProcess(home);
    assertEquals("", node.lastLogLine());
    Files.writeString(node.logFile(), "one\nerror: two\n\n  \n");
    assertEquals("error: two", node.lastLogLine());
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
