package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.devnet.ChildProcesses;
import io.cybergraph.node.devnet.NodeProcess;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import io.cybergraph.node.rpc.RpcEndpoint;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cyber devnet} on real homes from {@code cyber testnet} and real processes. The nodes'
 * own process ({@code cyber start}) is exercised by DevnetIT; here small shell processes stand
 * in where only process handling is tested (pid files, SIGTERM, SIGKILL, refusals).
 */
class DevnetCommandTest {
  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killChildren() throws Exception {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void downStopsWithSigtermThenSigkillAndClearsPidFiles() throws Exception {
    Path net = testnet(4, "--base-port", "61000");
    NodeProcess obeys = node(net, 0);
    NodeProcess stubborn = node(net, 1);
    NodeProcess stale = node(net, 2);
    Process p0 = start(obeys, ChildProcesses.obeysSigterm(obeys.home()));
    Process p1 = start(stubborn, ChildProcesses.ignoresSigterm(stubborn.home()));
    // the trap must be set before SIGTERM arrives, or the default action ends the child
    awaitLog(stubborn, "stubborn child of " + stubborn.home().root());
    Process p2 = start(stale, ChildProcesses.obeysSigterm(stale.home()));
    p2.destroyForcibly();
    assertTrue(p2.waitFor(10, TimeUnit.SECONDS));

    Cli.Result down = Cli.run("devnet", "down", "--dir", net.toString(),
        "--timeout-seconds", "1").ok();
    assertTrue(p0.waitFor(10, TimeUnit.SECONDS) && p1.waitFor(10, TimeUnit.SECONDS));
    assertEquals(143, p0.exitValue(), "ended by SIGTERM (128 + 15)");
    assertEquals(137, p1.exitValue(), "ended by SIGKILL (128 + 9)");
    assertEquals(List.of(
        "node2 was not running (cleared its stale pid file)",
        "node3 is not running",
        "stopped node0 (pid " + p0.pid() + ")",
        "killed (still running 1 s after SIGTERM) node1 (pid " + p1.pid() + ")"),
        down.out().lines().toList());
    for (int i = 0; i < 4; i++) {
      Path pidFile = node(net, i).pidFile();
      assertTrue(!Files.exists(pidFile) || Files.readString(pidFile).isEmpty(), "node" + i);
    }
    assertEquals(List.of("node0 is not running", "node1 is not running",
        "node2 is not running", "node3 is not running"),
        Cli.run("devnet", "down", "--dir", net.toString()).ok().out().lines().toList());
  }

  /** After a kill -9 of one node, up restarts it and leaves the survivors running. */
  @Test
  void upStartsOnlyTheNodesThatAreNotRunning() throws Exception {
    Path net = testnet(2, "--base-port", "61100");
    NodeProcess node1 = node(net, 1);
    Process running = start(node1, ChildProcesses.obeysSigterm(node1.home()));
    Path jar = jarWithoutMain(); // node0's start fails at once: enough to see it was started
    Cli.Result up = Cli.run("devnet", "up", "--dir", net.toString(), "--jar", jar.toString());
    assertTrue(up.out().startsWith("node1 (pid " + running.pid() + ") is already running: left"
        + " as it is\nstarted node0 (pid "), up.out());
    assertTrue(up.err().contains("node0 exited with code"), up.err());
    assertTrue(Files.exists(node(net, 0).logFile()), "node0 was started");
    assertTrue(running.isAlive());

    NodeProcess node0 = node(net, 0);
    Process other = start(node0, ChildProcesses.obeysSigterm(node0.home()));
    assertEquals(List.of(
        "node0 (pid " + other.pid() + ") is already running: left as it is",
        "node1 (pid " + running.pid() + ") is already running: left as it is"),
        Cli.run("devnet", "up", "--dir", net.toString(), "--jar", jar.toString()).ok().out()
            .lines().toList());
    Cli.run("devnet", "down", "--dir", net.toString()).ok();
    assertTrue(running.waitFor(10, TimeUnit.SECONDS) && other.waitFor(10, TimeUnit.SECONDS));
  }

  @Test
  void upReportsANodeThatExitsAtStart() throws Exception {
    Path net = testnet(1, "--base-port", "61200");
    Path jar = jarWithoutMain(); // a real java child that fails at once
    Cli.Result up = Cli.run("devnet", "up", "--dir", net.toString(), "--jar", jar.toString(),
        "--wait-seconds", "60");
    NodeProcess node0 = node(net, 0);
    up.fails(1, "node0 exited with code 1; " + node0.logFile() + " ends: ");
    assertTrue(up.err().contains("no main manifest attribute"), up.err());
    assertTrue(up.out().matches("started node0 \\(pid [0-9]+\\), log "
        + java.util.regex.Pattern.quote(node0.logFile().toString()) + "\\R"), up.out());
    assertTrue(Files.isDirectory(node0.tmpDir()));
    assertFalse(Files.exists(node0.pidFile()), "it never ran");
    assertEquals("node0 is not running" + System.lineSeparator(),
        Cli.run("devnet", "down", "--dir", net.toString()).ok().out());
  }

  @Test
  void aPortInUseIsExplainedByWhereItLies() {
    assertEquals(" (port 47202 is in 32768-60999, where Linux takes the source ports of outgoing"
        + " connections; one can stay held for a minute after its connection closes: retry, or"
        + " write the homes with a --base-port below 32768)",
        DevnetCommand.Up.portHint(
            "error: cannot serve metrics on 127.0.0.1:47202: Address already in use"));
    assertEquals(" (another process listens on port 26656)", DevnetCommand.Up.portHint(
        "error: cannot listen for p2p on 0.0.0.0:26656: Address already in use"));
    assertEquals("", DevnetCommand.Up.portHint("error: node halted: disk full"));
  }

  @Test
  void upNeedsAJarAndLocalHomes() throws Exception {
    Path net = testnet(1, "--base-port", "61300");
    // tests run from target/classes, not from a jar
    Cli.run("devnet", "up", "--dir", net.toString())
        .fails(2, "cannot tell which cyber jar to run");
    Cli.run("devnet", "up", "--dir", net.toString(), "--jar", dir.resolve("no.jar").toString())
        .fails(2, "--jar " + dir.resolve("no.jar") + " is not a file");

    Path containers = dir.resolve("containers");
    Cli.run("testnet", "--validators", "2", "--output", containers.toString(),
        "--hostnames", "a,b").ok();
    Cli.run("devnet", "up", "--dir", containers.toString(), "--jar", jarWithoutMain().toString())
        .fails(2, "node0 and node1 both listen on port 26656: these homes are for containers");
    assertFalse(Files.exists(containers.resolve("node0/node.pid")));
  }

  @Test
  void aFolderWithoutHomesIsRefused() throws Exception {
    for (String command : new String[] {"up", "down", "status"}) {
      Cli.run("devnet", command, "--dir", dir.resolve("none").toString())
          .fails(2, "devnet folder " + dir.resolve("none") + " does not exist");
      Cli.run("devnet", command, "--dir", dir.toString())
          .fails(2, "no node homes (node0, node1, ...) in " + dir);
    }
    assertEquals(2, Cli.run("devnet", "status").exitCode()); // --dir is required
    Path file = Files.writeString(dir.resolve("file"), "x"); // was "cannot list F: F"
    Cli.run("devnet", "status", "--dir", file.toString())
        .fails(2, "cannot list " + file + ": not a folder");
  }

  @Test
  void statusShowsEachNodeAndToleratesNodesThatAreDown() throws Exception {
    Path net = testnet(2, "--full-nodes", "1", "--base-port", "61400");
    String id0 = NodeKeyFile.nodeId(
        NodeKeyFile.read(node(net, 0).home().nodeKeyJson()).publicKey());
    try (CaptureServer rpc = new CaptureServer()
        .handle(RpcEndpoint.STATUS, r -> Map.of(
            "node_info", Map.of("id", id0, "moniker", "node0"),
            "sync_info", Map.of("latest_block_height", 42, "catching_up", false)))
        .handle(RpcEndpoint.NET_INFO, r -> Map.of("n_peers", 2, "peers", List.of()))
        .start()) {
      // node0's RPC is the test server; node1 runs (a stand-in) but does not answer; node2's
      // port is answered by node0 (as when another devnet holds the ports). Ports above 61000
      // are outside Linux's ephemeral range and DevnetIT's, so nothing else listens there.
      pointRpcAt(node(net, 0).home(), rpc.port());
      pointRpcAt(node(net, 2).home(), rpc.port());
      NodeProcess node1 = node(net, 1);
      Process p1 = start(node1, ChildProcesses.obeysSigterm(node1.home()));

      List<String> lines = Cli.run("devnet", "status", "--dir", net.toString(),
              "--timeout-ms", "20000").ok()
          .out().lines().map(l -> l.replaceAll(" +", " ")).toList();
      String url = "http://127.0.0.1:" + rpc.port();
      assertEquals(List.of(
          "NODE ROLE PROCESS HEIGHT PEERS CATCHING_UP RPC",
          "node0 validator stopped 42 2 false " + url,
          "node1 validator running " + p1.pid()
              + " - - - http://127.0.0.1:61411 (connection refused)",
          "node2 full node stopped - - - " + url + " (answered by another node, id " + id0 + ")"),
          lines);
      assertEquals(3, rpc.requests.size());
    }
  }

  private static void pointRpcAt(NodeHome home, int port) {
    NodeConfig config = ConfigLoader.load(home.configToml());
    config.rpc.laddr = "127.0.0.1:" + port;
    ConfigLoader.write(config, home.configToml());
  }

  private Path testnet(int validators, String... more) {
    Path net = dir.resolve("net");
    List<String> args = new ArrayList<>(List.of("testnet", "--validators",
        Integer.toString(validators), "--output", net.toString()));
    args.addAll(List.of(more));
    Cli.run(args.toArray(String[]::new)).ok();
    return net;
  }

  private static NodeProcess node(Path net, int index) {
    return new NodeProcess(new NodeHome(net.resolve("node" + index)));
  }

  /** Starts a stand-in and waits until it holds its home's lock, as a started node would. */
  private Process start(NodeProcess node, List<String> command) throws Exception {
    Process process = node.start(command);
    children.add(process);
    assertTrue(node.awaitRunning(process, java.time.Duration.ofSeconds(30)), node.lastLogLine());
    return process;
  }

  /** A jar with a manifest but no Main-Class: {@code java -jar} on it exits with code 1. */
  private Path jarWithoutMain() throws Exception {
    Path jar = dir.resolve("nomain.jar");
    if (!Files.exists(jar)) {
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file, manifest)) {
        out.flush();
      }
    }
    return jar;
  }

  private static void awaitLog(NodeProcess node, String line) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!node.lastLogLine().equals(line)) {
      assertTrue(System.nanoTime() < deadline, "log ends with: " + node.lastLogLine());
      Thread.sleep(20); // polling a file: there is no event to wait on
    }
  }
}
