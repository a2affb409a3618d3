package io.cybergraph.node.cli;

import ch.qos.logback.classic.Level;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.ListenPorts;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.evidence.UnsafeEquivocation;
import io.cybergraph.node.home.CappedFile;
import io.cybergraph.node.home.HomeLock;
import io.cybergraph.node.home.IoErrors;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.ValidatorKeyFile;
import io.cybergraph.node.net.NodeKeys;
import io.cybergraph.node.service.NodeService;
import io.cybergraph.p2p.NodeKey;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.store.NativeLibrary;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Runs a node from its home until it is stopped (SIGTERM, Ctrl-C) or halts: locks {@code
 * HOME/node.pid} for the process's life ({@link HomeLock}: one node per home, and how {@code
 * cyber devnet} and {@code cyber dev --reset} tell that it runs), loads config.toml and
 * genesis.json, reads the validator key (none: a full node) and the node key, opens and pins
 * the data folder, starts RPC, metrics, the rank thread, the producer and the network. On
 * SIGTERM the shutdown hook finishes or abandons the block in progress, stops RPC, closes
 * RocksDB and empties the pid file.
 */
final class NodeRunner {
  private NodeRunner() {}

  /**
   * The files a home must have to start, checked before anything opens. The validator key is
   * optional: a home without one is a full node.
   */
  static void requireHome(NodeHome home) {
    for (Path file : new Path[] {home.configToml(), home.genesisJson(), home.nodeKeyJson()}) {
      if (!Files.exists(file)) {
        throw CliException.badInput(
            "home " + home + " has no " + home.root().relativize(file)
                + " (create a home with 'cyber init --home " + home + " --chain-id ID')");
      }
    }
  }

  /** Starts the node of {@code home}; {@code announce} prints what the user needs to know. */
  static void run(NodeHome home, PrintWriter out, Announcer announce) {
    run(home, out, announce, false);
  }

  /**
   * As {@link #run(NodeHome, PrintWriter, Announcer)}; {@code unsafeEquivocate} (tests only)
   * is refused unless {@link UnsafeEquivocation} allows it for the chain.
   */
  static void run(NodeHome home, PrintWriter out, Announcer announce, boolean unsafeEquivocate) {
    requireHome(home);
    HomeLock lock = HomeLock.acquire(home); // node.pid: held until this process ends
    try {
      NativeLibrary.loadUnpackingInto(home.tmpDir()); // one copy per home, however it stops
      runLocked(home, out, announce, unsafeEquivocate, lock);
    } finally {
      lock.close();
    }
  }

  private static void runLocked(
      NodeHome home, PrintWriter out, Announcer announce, boolean unsafeEquivocate,
      HomeLock lock) {
    NodeConfig config = ConfigLoader.load(home.configToml());
    ListenPorts.requireResolvable(config); // before the store opens
    applyLogLevel(config.logLevel);
    byte[] genesisBytes;
    try {
      genesisBytes = CappedFile.read(home.genesisJson(), CappedFile.GENESIS_MAX);
    } catch (IOException e) {
      throw CliException.badInput("cannot read " + home.genesisJson() + ": " + IoErrors.describe(e));
    }
    ChainGenesis genesis = GenesisLoader.parse(genesisBytes, home.genesisJson().toString());
    if (unsafeEquivocate) {
      String refusal = UnsafeEquivocation.refusal(genesis.chainId(), System.getenv());
      if (refusal != null) {
        throw CliException.badInput(refusal);
      }
      config.consensus.unsafeEquivocate = true;
    }
    KeyPair validatorKey = Files.exists(home.privValidatorKeyJson())
        ? ValidatorKeyFile.read(home.privValidatorKeyJson())
        : null; // a full node
    NodeKey nodeKey = NodeKeys.load(home);
    try {
      // after every check of the home's own files, whose refusals do not depend on what else
      // runs on the machine, and before the store opens
      ListenPorts.requireFree(config);
    } catch (IOException e) {
      throw CliException.failure(e.getMessage());
    }
    NodeService service;
    try {
      service = NodeService.start(config, genesis, genesisBytes, validatorKey, nodeKey,
          home.dataDir(), new VersionProvider().getVersion()[0]);
    } catch (IllegalArgumentException e) {
      throw CliException.badInput(e.getMessage());
    } catch (java.io.UncheckedIOException e) {
      throw CliException.failure(e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      service.close();
      lock.close();
      stopped.countDown();
    }, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    InetSocketAddress rpc = service.rpcAddress();
    String url = "http://" + new HostPort(rpc.getHostString(), rpc.getPort());
    announce.started(service, url);
    out.flush();
    RuntimeException halt;
    try {
      halt = service.node().halted().join();
    } catch (RuntimeException e) {
      halt = e;
    }
    // halted: stop here (a SIGTERM instead never returns from join: the hook ends the JVM)
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      service.close();
    } catch (IllegalStateException shuttingDown) {
      awaitQuietly(stopped);
    }
    throw CliException.failure("node halted: " + halt.getMessage());
  }

  /** What to print once the node runs. */
  @FunctionalInterface
  interface Announcer {
    void started(NodeService service, String rpcUrl);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** config.toml's log_level, unless -Dcyber.log.level chose one. */
  private static void applyLogLevel(String level) {
    if (System.getProperty("cyber.log.level") != null) {
      return;
    }
    org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(Level.toLevel(level, Level.INFO));
    }
  }
}
