package io.cybergraph.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.devnet.DevnetHomes;
import io.cybergraph.node.devnet.NodeLauncher;
import io.cybergraph.node.devnet.NodeProcess;
import io.cybergraph.node.devnet.NodeRpc;
import io.cybergraph.node.home.NodeKeyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cyber devnet up|down|status --dir DIR}: the homes written by {@code cyber testnet} run
 * as local processes, each with its log ({@code node.log}) and pid file ({@code node.pid},
 * locked by the node while it runs) in its home.
 */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = "Start, stop and watch the homes of 'cyber testnet' as local processes.",
    subcommands = {DevnetCommand.Up.class, DevnetCommand.Down.class, DevnetCommand.Status.class})
final class DevnetCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code --dir DIR}: the folder of node homes. */
  static final class DirOption {
    @Option(names = "--dir", required = true, paramLabel = "DIR",
        description = "Folder with the homes node0, node1, ... (the --output of cyber testnet).")
    Path dir;

    /** Each home with its config, in node order. */
    Map<DevnetHomes.Entry, NodeConfig> homes() {
      Map<DevnetHomes.Entry, NodeConfig> homes = new LinkedHashMap<>();
      for (DevnetHomes.Entry entry : DevnetHomes.list(dir)) {
        homes.put(entry, ConfigLoader.load(entry.home().configToml()));
      }
      return homes;
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Start every node of the devnet that is not running, then wait until each"
          + " answers on RPC.")
  static final class Up extends CliCommand {
    @Mixin DirOption dir;

    @Option(names = "--jar", paramLabel = "PATH",
        description = "The cyber jar the nodes run (default: the jar running this command).")
    Path jar;

    @Option(names = "--wait-seconds", paramLabel = "S", defaultValue = "60",
        description = "How long to wait for every node's RPC; 0: do not wait"
            + " (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    protected void execute() {
      Map<DevnetHomes.Entry, NodeConfig> homes = dir.homes();
      refuseSharedPorts(homes);
      Set<DevnetHomes.Entry> running = sayRunning(homes);
      NodeLauncher launcher = new NodeLauncher(jar());
      if (waitSeconds < 0) {
        throw CliException.badInput("--wait-seconds must be >= 0, got " + waitSeconds);
      }
      Map<DevnetHomes.Entry, Process> started = new LinkedHashMap<>();
      for (DevnetHomes.Entry entry : homes.keySet()) {
        if (running.contains(entry)) {
          continue;
        }
        NodeProcess node = new NodeProcess(entry.home());
        try {
          Process process = node.start(launcher.command(entry.home()));
          started.put(entry, process);
          out().println("started " + entry.name() + " (pid " + process.pid() + "), log "
              + node.logFile());
        } catch (IOException e) {
          throw CliException.failure("cannot start " + entry.name() + ": " + e.getMessage()
              + stillRunning(started));
        }
      }
      out().flush();
      awaitLocks(started);
      if (waitSeconds > 0) {
        awaitRpc(homes, started);
      }
    }

    /**
     * Waits until each started node holds its home's lock (node.pid), so that status and down
     * see it from the moment up returns, even with --wait-seconds 0.
     */
    private void awaitLocks(Map<DevnetHomes.Entry, Process> started) {
      Duration timeout = Duration.ofSeconds(Math.max(waitSeconds, 30));
      for (Map.Entry<DevnetHomes.Entry, Process> node : started.entrySet()) {
        DevnetHomes.Entry entry = node.getKey();
        Process process = node.getValue();
        NodeProcess home = new NodeProcess(entry.home());
        boolean locked;
        try {
          locked = home.awaitRunning(process, timeout);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw CliException.failure("interrupted");
        }
        if (!locked) {
          throw CliException.failure(process.isAlive()
              ? entry.name() + " (pid " + process.pid() + ") did not lock " + home.pidFile()
                  + " within " + timeout.toSeconds() + " s; see " + home.logFile()
                  + stillRunning(started)
              : exited(entry, process, started));
        }
      }
    }

    private String exited(
        DevnetHomes.Entry entry, Process process, Map<DevnetHomes.Entry, Process> started) {
      NodeProcess node = new NodeProcess(entry.home());
      String last = node.lastLogLine();
      return entry.name() + " exited with code " + process.exitValue() + "; " + node.logFile()
          + " ends: " + last + portHint(last) + stillRunning(started);
    }

    /**
     * Why a port below may be taken though no node listens there: Linux takes the source ports
     * of outgoing connections from 32768-60999, and one stays held for a minute after its
     * connection closes (TIME-WAIT).
     */
    static String portHint(String logLine) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(":(\\d+): Address already in use").matcher(logLine);
      if (!m.find()) {
        return "";
      }
      int port = Integer.parseInt(m.group(1));
      return port >= 32768 && port <= 60999
          ? " (port " + port + " is in 32768-60999, where Linux takes the source ports of"
              + " outgoing connections; one can stay held for a minute after its connection"
              + " closes: retry, or write the homes with a --base-port below 32768)"
          : " (another process listens on port " + port + ")";
    }

    private Path jar() {
      Path path = jar != null
          ? jar
          : NodeLauncher.jarOf(CyberCommand.class).orElseThrow(() -> CliException.badInput(
              "cannot tell which cyber jar to run (this command does not run from one);"
                  + " pass --jar PATH"));
      if (!Files.isRegularFile(path)) {
        throw CliException.badInput("--jar " + path + " is not a file");
      }
      return path;
    }

    /** Homes for containers all listen on the standard ports: they cannot share a machine. */
    private static void refuseSharedPorts(Map<DevnetHomes.Entry, NodeConfig> homes) {
      Map<Integer, String> owners = new HashMap<>();
      for (Map.Entry<DevnetHomes.Entry, NodeConfig> home : homes.entrySet()) {
        NodeConfig config = home.getValue();
        List<String> laddrs = new ArrayList<>(List.of(config.p2p.laddr, config.rpc.laddr));
        if (config.metrics.enabled) {
          laddrs.add(config.metrics.laddr);
        }
        for (String laddr : laddrs) {
          int port = HostPort.parse(laddr).port();
          String owner = owners.putIfAbsent(port, home.getKey().name());
          if (owner != null) {
            throw CliException.badInput(owner + " and " + home.getKey().name()
                + " both listen on port " + port + ": these homes are for containers"
                + " (cyber testnet --hostnames); run them with docker compose, or write local"
                + " homes with cyber testnet --base-port");
          }
        }
      }
    }

    /**
     * The nodes that run already (say, the survivors of a kill -9): each is named and left as it
     * is, so up restarts only the others.
     */
    private Set<DevnetHomes.Entry> sayRunning(Map<DevnetHomes.Entry, NodeConfig> homes) {
      Set<DevnetHomes.Entry> running = new HashSet<>();
      for (DevnetHomes.Entry entry : homes.keySet()) {
        new NodeProcess(entry.home()).running().ifPresent(p -> {
          running.add(entry);
          out().println(entry.name() + " (pid " + p.pid() + ") is already running: left as it is");
        });
      }
      return running;
    }

    /** Polls each node's /status until it answers, its process ends, or the time is up. */
    private void awaitRpc(
        Map<DevnetHomes.Entry, NodeConfig> homes, Map<DevnetHomes.Entry, Process> started) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
      Duration pollTimeout = Duration.ofSeconds(1);
      for (Map.Entry<DevnetHomes.Entry, Process> node : started.entrySet()) {
        DevnetHomes.Entry entry = node.getKey();
        Process process = node.getValue();
        NodeRpc rpc = new NodeRpc(NodeRpc.baseOf(homes.get(entry)), pollTimeout);
        String nodeId = nodeId(entry);
        while (true) {
          if (!process.isAlive()) {
            throw CliException.failure(exited(entry, process, started));
          }
          try {
            rpc.status(nodeId);
            out().println(entry.name() + " answers on " + rpc.base());
            out().flush();
            break;
          } catch (IOException e) {
            if (e.getMessage().startsWith("answered by another node")) {
              throw CliException.failure(entry.name() + ": " + rpc.base() + " is " + e.getMessage()
                  + ", not this node (" + nodeId + "); is another devnet using these ports?"
                  + stillRunning(started));
            }
            // not listening yet: wait a little (or until the process ends) and ask again
          }
          if (System.nanoTime() - deadline > 0) {
            throw CliException.failure(entry.name() + " (pid " + process.pid()
                + ") did not answer on " + rpc.base() + " within " + waitSeconds + " s; see "
                + new NodeProcess(entry.home()).logFile() + stillRunning(started));
          }
          waitForExit(process, Duration.ofMillis(200));
        }
      }
    }

    /** A hint for a failure after some nodes started: they keep running until down. */
    private String stillRunning(Map<DevnetHomes.Entry, Process> started) {
      List<String> alive = new ArrayList<>();
      started.forEach((entry, process) -> {
        if (process.isAlive()) {
          alive.add(entry.name());
        }
      });
      return alive.isEmpty()
          ? ""
          : " (" + String.join(", ", alive) + (alive.size() == 1 ? " keeps" : " keep")
              + " running: cyber devnet down --dir " + dir.dir + ")";
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop every node of the devnet: SIGTERM, then SIGKILL after the timeout.")
  static final class Down extends CliCommand {
    @Mixin DirOption dir;

    @Option(names = "--timeout-seconds", paramLabel = "S", defaultValue = "30",
        description = "How long a node may take to stop after SIGTERM (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    protected void execute() {
      if (timeoutSeconds < 0) {
        throw CliException.badInput("--timeout-seconds must be >= 0, got " + timeoutSeconds);
      }
      Map<DevnetHomes.Entry, ProcessHandle> stopping = new LinkedHashMap<>();
      for (DevnetHomes.Entry entry : dir.homes().keySet()) {
        NodeProcess node = new NodeProcess(entry.home());
        Optional<ProcessHandle> process = node.running();
        if (process.isPresent()) {
          if (!process.get().destroy()) { // SIGTERM
            throw CliException.failure("cannot signal " + entry.name() + " (pid "
                + process.get().pid() + ")");
          }
          stopping.put(entry, process.get());
        } else if (node.clearStale()) {
          out().println(entry.name() + " was not running (cleared its stale pid file)");
        } else {
          out().println(entry.name() + " is not running");
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      List<String> survivors = new ArrayList<>();
      for (Map.Entry<DevnetHomes.Entry, ProcessHandle> node : stopping.entrySet()) {
        DevnetHomes.Entry entry = node.getKey();
        ProcessHandle process = node.getValue();
        long left = Math.max(0, deadline - System.nanoTime());
        String how = "stopped";
        if (!waitForExit(process, Duration.ofNanos(left))) {
          process.destroyForcibly(); // SIGKILL
          how = "killed (still running " + timeoutSeconds + " s after SIGTERM)";
          if (!waitForExit(process, Duration.ofSeconds(10))) {
            survivors.add(entry.name() + " (pid " + process.pid() + ")");
            continue;
          }
        }
        new NodeProcess(entry.home()).clearStale(); // a killed node leaves its pid behind
        out().println(how + " " + entry.name() + " (pid " + process.pid() + ")");
      }
      if (!survivors.isEmpty()) {
        throw CliException.failure("still running after SIGKILL: " + String.join(", ", survivors));
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Per node: process, height, peers and catching-up (from RPC /status and"
          + " /net_info); nodes that are down are shown as such.")
  static final class Status extends CliCommand {
    @Mixin DirOption dir;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "3000",
        description = "How long to wait for each node's answer (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    private static final String ROW = "%-8s %-10s %-15s %-7s %-6s %-12s %s%n";

    @Override
    protected void execute() {
      if (timeoutMs <= 0) {
        throw CliException.badInput("--timeout-ms must be > 0, got " + timeoutMs);
      }
      Map<DevnetHomes.Entry, NodeConfig> homes = dir.homes();
      out().printf(ROW, "NODE", "ROLE", "PROCESS", "HEIGHT", "PEERS", "CATCHING_UP", "RPC");
      for (Map.Entry<DevnetHomes.Entry, NodeConfig> home : homes.entrySet()) {
        DevnetHomes.Entry entry = home.getKey();
        String role = Files.exists(entry.home().privValidatorKeyJson()) ? "validator" : "full node";
        String process = new NodeProcess(entry.home()).running()
            .map(p -> "running " + p.pid())
            .orElse("stopped");
        NodeRpc rpc = new NodeRpc(NodeRpc.baseOf(home.getValue()), Duration.ofMillis(timeoutMs));
        String height = "-";
        String peers = "-";
        String catchingUp = "-";
        String rpcColumn = rpc.base().toString();
        try {
          JsonNode sync = rpc.status(nodeId(entry)).path("sync_info");
          height = sync.path("latest_block_height").asText("?");
          catchingUp = sync.path("catching_up").asText("?");
          peers = rpc.get("/net_info").path("n_peers").asText("?");
        } catch (IOException e) {
          rpcColumn += " (" + e.getMessage() + ")";
        }
        out().printf(ROW, entry.name(), role, process, height, peers, catchingUp, rpcColumn);
      }
    }
  }

  /** The node ID of a home, from its node key. */
  static String nodeId(DevnetHomes.Entry entry) {
    return NodeKeyFile.nodeId(NodeKeyFile.read(entry.home().nodeKeyJson()).publicKey());
  }

  /** Waits up to {@code timeout} for a process to end; true when it has. */
  static boolean waitForExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failure("interrupted");
    }
  }

  static boolean waitForExit(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failure("interrupted");
    }
  }
}
