package io.cybergraph.node.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.cli.Cli;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.net.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One node of a multi-process test devnet: its home (config.toml rewritten with quick test
 * settings), its RPC client, and its process ({@link NodeProcess}), which can be killed,
 * stopped and started again. The devnet ITs script their scenarios around these.
 */
final class DevnetNode {
  /** Starting a JVM and RocksDB took 2 minutes at load average 67 on 2 cores. */
  private static final Duration START_DEADLINE = Duration.ofMinutes(4);
  /** RPC calls to another process: poll at this pace, not in a tight loop. */
  private static final Duration POLL = Duration.ofMillis(50);

  final String name;
  final Path home;
  final Rpc rpc;
  final int rpcPort;
  final int p2pPort;
  private final Path workDir;
  private final Duration deadline;
  NodeProcess process;
  private int starts;

  /**
   * Rewrites the home's config with the common test settings (metrics off, one rank thread,
   * 8 MiB store caches, quick consensus timeouts, a 60 s wait for {@code --commit}), then
   * {@code tweak}'s.
   *
   * @param workDir where the process logs and temp folders go
   * @param deadline how long {@link #await} and {@link #awaitHeight} wait
   */
  DevnetNode(String name, Path home, Path workDir, Duration deadline, Consumer<NodeConfig> tweak)
      throws IOException {
    this.name = name;
    this.home = home;
    this.workDir = workDir;
    this.deadline = deadline;
    NodeHome h = new NodeHome(home);
    NodeConfig config = ConfigLoader.load(h.configToml());
    config.metrics.enabled = false;
    config.consensus.timeoutProposeMs = 1_500;
    config.consensus.timeoutPrevoteMs = 500;
    config.consensus.timeoutPrecommitMs = 500;
    config.rank.threads = 1;
    config.store.blockCacheMb = 8;
    config.store.writeBufferMb = 8;
    config.rpc.broadcastCommitTimeoutMs = 60_000;
    tweak.accept(config);
    ConfigLoader.write(config, h.configToml());
    rpcPort = port(config.rpc.laddr);
    p2pPort = port(config.p2p.laddr);
    rpc = new Rpc(rpcPort);
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  /** Starts {@code cyber start} (again), with these extra options. */
  DevnetNode start(String... startOptions) throws IOException {
    process = NodeProcess.start(home, workDir, name + "-" + ++starts, startOptions);
    return this;
  }

  /** Waits until the node answers {@code /health}; fails at once if its process exited. */
  DevnetNode awaitRpc() {
    Await.until(name + " serving RPC", START_DEADLINE, POLL, () -> {
      if (!process.alive()) {
        throw new AssertionError(name + " exited:\n" + log());
      }
      try {
        return rpc.call("/health").status() == 200;
      } catch (Exception e) {
        return false;
      }
    }, this::logTail);
    return this;
  }

  /** Polls {@code condition} until it holds, within this devnet's deadline. */
  void await(String what, BooleanSupplier condition) {
    Await.until(what, deadline, POLL, condition, () -> "");
  }

  void awaitHeight(long height) {
    Await.until(name + " at height " + height, deadline, POLL, () -> height() >= height,
        this::logTail);
  }

  /** The latest block height, or −1 while the node does not answer. */
  long height() {
    try {
      return status().at("/sync_info/latest_block_height").asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  JsonNode status() throws Exception {
    return rpc.get("/status");
  }

  /**
   * Per height: block hash, the app hash its header carries (after the height before) and its
   * rank root with the height it is of, read 20 blocks at a time from {@code /blockchain}.
   */
  List<String> chain(long upTo) throws Exception {
    List<String> out = new ArrayList<>();
    for (long min = 1; min <= upTo; min += 20) {
      long max = Math.min(upTo, min + 19);
      JsonNode metas = rpc.get("/blockchain?min=" + min + "&max=" + max).get("block_metas");
      for (int i = metas.size() - 1; i >= 0; i--) { // newest first in the answer
        JsonNode m = metas.get(i);
        out.add(m.at("/header/height").asText() + " " + m.at("/block_id/hash").asText()
            + " app " + m.at("/header/app_hash").asText() + " rank "
            + m.at("/header/rank_root").asText() + "@" + m.at("/header/rank_height").asText());
      }
    }
    assertEquals(upTo, out.size(), name + " blocks 1.." + upTo);
    return out;
  }

  /** The node ID ({@code cyber show-node-id}). */
  String id() {
    return Cli.run("show-node-id", "--home", home.toString()).ok().out().strip();
  }

  /** {@code ID@127.0.0.1:P2P_PORT}, for another node's {@code --peers}. */
  String address() {
    return id() + "@127.0.0.1:" + p2pPort;
  }

  boolean alive() {
    return process != null && process.alive();
  }

  String log() {
    return process == null ? "(not started)" : process.log();
  }

  /** The last 4,000 characters of the log, for a failure message. */
  String logTail() {
    String log = log();
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }

  /** SIGKILL if it still runs (the end of a test). */
  void kill() throws InterruptedException {
    if (process != null) {
      process.close();
    }
  }

  /** SIGTERM, or SIGKILL for a node that does not stop within 60 s of it. */
  void stop() throws InterruptedException {
    if (alive()) {
      try {
        process.terminate();
      } catch (AssertionError slowToStop) {
        process.close();
      }
    }
  }
}
