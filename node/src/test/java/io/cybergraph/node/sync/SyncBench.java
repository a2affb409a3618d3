package io.cybergraph.node.sync;

import io.cybergraph.node.chain.ChainApp;
import io.cybergraph.node.chain.ChainBlockApplier;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.net.TestNetwork;
import io.cybergraph.node.rankpipe.RankHaltException;
import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.BlockResponse;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.ValidatorSet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Block sync speed of a fresh full node: a node builds a history through its own commit path
 * (default 1,000 blocks of 100 links: 4 txs of 25 links, one validator), serves it from one p2p
 * node, and a fresh node syncs it over TLS on 127.0.0.1 through the node's commit path
 * ({@link io.cybergraph.node.chain.ChainBlockApplier}'s steps, timed). Prints blocks/s and where
 * the time went: on the apply thread waiting for rank (h − L), verifying and executing, and
 * committing (one synced RocksDB batch, state, mempool); on the rank thread the block steps; on
 * the verify threads the commits and the txs prepared ahead.
 *
 * <pre>
 * java -cp node/target/test-classes:node/target/classes:CLASSPATH \
 *   [-Dsyncbench.history=DIR] io.cybergraph.node.sync.SyncBench \
 *   [blocks] [txs per block] [links per tx] [validators] [replay|unsynced|snapshot]
 * </pre>
 *
 * <p>Modes: {@code replay} computes the focus of every height and fsyncs every block (block sync
 * before rank snapshot sync); {@code unsynced} the same with catch-up writes (an fsync every 100
 * blocks); {@code snapshot} (the node's default) also takes up a verified focus from the peer.
 * With {@code syncbench.history} the source chain is built once into DIR and reused.
 */
public final class SyncBench {

  /** {@link io.cybergraph.node.chain.ChainBlockApplier}'s steps, each timed. */
  static final class TimedApplier implements BlockApplier {
    final BlockApplier real;
    final ChainApp app;
    final LongAdder aheadNanos = new LongAdder();
    final LongAdder aheadCpu = new LongAdder();
    long rankWaitCpu;
    long verifyCpu;
    long commitCpu;
    final boolean catchUpWrites;
    long rankWaitNanos;
    long verifyNanos;
    long commitNanos;
    long applyNanos;
    long everyHundredCommitNanos; // heights divisible by 100: fsynced while catching up

    TimedApplier(CyberNode node, boolean catchUpWrites) {
      this.real = node.blockApplier();
      this.app = node.app();
      this.catchUpWrites = catchUpWrites;
    }

    @Override
    public void catchingUp(boolean catchingUp) {
      if (catchUpWrites) {
        real.catchingUp(catchingUp);
      }
    }

    @Override
    public String chainId() {
      return real.chainId();
    }

    @Override
    public ValidatorSet validators() {
      return real.validators();
    }

    @Override
    public long height() {
      return real.height();
    }

    @Override
    public BlockID lastBlockId() {
      return real.lastBlockId();
    }

    @Override
    public void prepare(Block block) {
      long t0 = System.nanoTime();
      long c0 = cpu();
      real.prepare(block);
      aheadCpu.add(cpu() - c0);
      aheadNanos.add(System.nanoTime() - t0);
    }

    @Override
    public void apply(Block block, Commit commit) {
      long t0 = System.nanoTime();
      long c0 = cpu();
      boolean skipped = app.rankSkipped(height() + 1);
      RankSnapshot rank = null;
      if (!skipped) {
        try {
          rank = app.awaitRank(height() + 1);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      long t1 = System.nanoTime();
      long c1 = cpu();
      ChainApp.Candidate c = skipped ? app.verifyWithCommittedRank(block) : app.verify(block, rank);
      long t2 = System.nanoTime();
      long c2 = cpu();
      app.commit(c, commit, t0);
      long t3 = System.nanoTime();
      long c3 = cpu();
      rankWaitCpu += c1 - c0;
      verifyCpu += c2 - c1;
      commitCpu += c3 - c2;
      rankWaitNanos += t1 - t0;
      verifyNanos += t2 - t1;
      commitNanos += t3 - t2;
      if (block.getHeader().getHeight() % ChainBlockApplier.CATCH_UP_SYNC_EVERY == 0) {
        everyHundredCommitNanos += t3 - t2;
      }
      applyNanos += t3 - t0;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU time of the calling thread. */
  static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** CPU time so far of the live threads whose name starts with {@code prefix}. */
  static long cpuOf(String prefix) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        long c = THREADS.getThreadCpuTime(t.getId());
        sum += Math.max(0, c);
      }
    }
    return sum;
  }

  static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int txs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int linksPerTx = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    int validatorCount = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    String mode = args.length > 4 ? args[4] : "snapshot";
    if (!List.of("replay", "unsynced", "snapshot").contains(mode)) {
      throw new IllegalArgumentException("mode " + mode + ": replay, unsynced or snapshot");
    }
    String keep = System.getProperty("syncbench.history");
    long[] powers = new long[validatorCount];
    java.util.Arrays.fill(powers, 10);

    Path dir = Files.createTempDirectory("syncbench");
    TestValidators validators = new TestValidators("test-chain", powers);
    Path source = keep != null ? Path.of(keep) : dir.resolve("source");
    try (TestHistory history = new TestHistory(source, validators);
        TestNetwork net = new TestNetwork()) {
      long b0 = System.nanoTime();
      if (history.height() == 0) {
        history.grow(blocks, txs, linksPerTx);
        System.out.printf(Locale.ROOT, "history: %d blocks of %d links built in %.1f s%n",
            blocks, txs * linksPerTx, (System.nanoTime() - b0) / 1e9);
      } else if (history.height() != blocks) {
        throw new IllegalStateException("the kept history " + source + " has "
            + history.height() + " blocks, not " + blocks);
      } else {
        System.out.printf(Locale.ROOT, "history: %d blocks reused from %s%n", blocks, source);
      }

      // the offline cost of what the verify threads do: block id + commit signatures
      BlockVerifier verifier = new BlockVerifier("test-chain", validators.set);
      List<BlockResponse> responses = new ArrayList<>();
      for (long h = 1; h <= blocks; h++) {
        responses.add(history.response(h));
      }
      long v0 = System.nanoTime();
      for (int i = 0; i < blocks; i++) {
        verifier.verify(responses.get(i), i + 1);
      }
      long verifyNanos = System.nanoTime() - v0;
      responses.clear();

      P2pNode server = net.create("server");
      net.closeLater(BlockSync.serving(server, new StoreBlockSource(history.store),
          SyncConfig.defaults()).withRankSnapshots(history.node.focusSource(), null,
              SnapshotSettings.defaults())).start();
      server.start();
      server.setLocalHeight(history.height());

      int rounds = Integer.getInteger("syncbench.rounds", 1);
      for (int r = 1; r <= rounds; r++) {
        if (rounds > 1) {
          System.out.printf(Locale.ROOT, "round %d of %d (a fresh follower on the same JVM)%n", r,
              rounds);
        }
        round(net, server, history, dir.resolve("follower-" + r), mode, blocks, verifyNanos);
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * A fresh full node's configuration: the defaults (store cache and memtables included, which
   * decide how often RocksDB flushes and compacts), metrics off; {@code -Dsyncbench.store=small}
   * gives the tests' 8 MiB store instead.
   */
  private static NodeConfig followerConfig() {
    NodeConfig c = System.getProperty("syncbench.store", "default").equals("small")
        ? TestHistory.config() : new NodeConfig();
    c.metrics.enabled = false;
    c.validate();
    return c;
  }

  /** One fresh follower syncing the whole history from {@code server}, with its report. */
  private static void round(TestNetwork net, P2pNode server, TestHistory history, Path followerDir,
      String mode, int blocks, long verifyNanos) throws Exception {
    P2pNode follower = net.create("follower-" + followerDir.getFileName());
    CyberNode node = history.follower(followerDir, followerConfig());
    BlockSync sync = null;
    try {
      LongAdder rankNanos = new LongAdder();
      node.addRankListener(new RankPipeline.Listener() {
        @Override
        public void computed(RankSnapshot s) {
          rankNanos.add(s.computeMillis() * 1_000_000L);
        }

        @Override
        public void halted(RankHaltException error) {}
      });
      TimedApplier applier = new TimedApplier(node, !mode.equals("replay"));
      sync = BlockSync.following(follower,
          new StoreBlockSource(node.store()), applier, SyncConfig.defaults(), e -> {});
      if (mode.equals("snapshot")) {
        sync.withRankSnapshots(node.focusSource(), node.focusTarget(), SnapshotSettings.defaults());
      }
      follower.start();
      TestNetwork.connect(follower, server);
      long rank0 = cpuOf("rank");
      long verify0 = cpuOf("blocksync-verify");
      long serve0 = cpuOf("blocksync-serve");
      long process0 = processCpu();
      NativeThreadCpu.Sample native0 = NativeThreadCpu.sample();
      long s0 = System.nanoTime();
      sync.start();
      while (applier.height() < blocks) {
        if (sync.status().halted()) {
          throw new IllegalStateException(sync.status().haltedReason());
        }
        Thread.sleep(5);
      }
      long syncNanos = System.nanoTime() - s0;
      long processCpu = processCpu() - process0;
      NativeThreadCpu.Sample native1 = NativeThreadCpu.sample();
      long rankCpu = cpuOf("rank") - rank0;
      long verifyCpuAll = cpuOf("blocksync-verify") - verify0;
      long serveCpu = cpuOf("blocksync-serve") - serve0;
      double seconds = syncNanos / 1e9;
      System.out.printf(Locale.ROOT, "mode %s: synced %d blocks in %.2f s: %.0f blocks/s%n", mode,
          blocks, seconds, blocks / seconds);
      if (sync.snapshotOutcome() != null) {
        System.out.println("rank snapshot: " + sync.snapshotOutcome());
      }

      double apply = applier.applyNanos;
      System.out.printf(Locale.ROOT, "apply thread busy %.0f%% of the sync:%n",
          100 * apply / syncNanos);
      row("waiting for rank (h - L)", applier.rankWaitNanos, apply, blocks);
      row("verify header + execute", applier.verifyNanos, apply, blocks);
      row("commit (store, state, mempool)", applier.commitNanos, apply, blocks);
      row("  of which heights % 100 (fsync)", applier.everyHundredCommitNanos, apply, blocks);
      System.out.printf(Locale.ROOT, "rank thread: %.3f ms/block of block steps%n",
          rankNanos.sum() / 1e6 / blocks);
      System.out.printf(Locale.ROOT, "verify threads, ahead of the apply thread:%n");
      System.out.printf(Locale.ROOT, "  %-32s %7.3f ms/block (measured offline)%n",
          "block id + commit signatures", verifyNanos / 1e6 / blocks);
      System.out.printf(Locale.ROOT, "  %-32s %7.3f ms/block%n", "tx decoding + signatures + CIDs",
          applier.aheadNanos.sum() / 1e6 / blocks);

      // CPU time, which the machine's load changes much less than wall time
      long applyCpu = applier.rankWaitCpu + applier.verifyCpu + applier.commitCpu;
      System.out.printf(Locale.ROOT, "CPU time, ms/block (share of the process's %.1f s):%n",
          processCpu / 1e9);
      cpuRow("apply: rank wait / skip check", applier.rankWaitCpu, processCpu, blocks);
      cpuRow("apply: verify header + execute", applier.verifyCpu, processCpu, blocks);
      cpuRow("apply: commit (store, state, mempool)", applier.commitCpu, processCpu, blocks);
      cpuRow("verify: commit sigs + block id", verifyCpuAll - applier.aheadCpu.sum(), processCpu,
          blocks);
      cpuRow("verify: tx decode + sigs + CIDs", applier.aheadCpu.sum(), processCpu, blocks);
      cpuRow("rank thread (steps, feed, install)", rankCpu, processCpu, blocks);
      cpuRow("serving peer (store reads)", serveCpu, processCpu, blocks);
      cpuRow("other (TLS, I/O, GC, RocksDB, fetch)",
          processCpu - applyCpu - verifyCpuAll - rankCpu - serveCpu, processCpu, blocks);
      System.out.printf(Locale.ROOT,
          "apply thread CPU %.3f ms/block: %.0f blocks/s if it had a core to itself%n",
          applyCpu / 1e6 / blocks, blocks / (applyCpu / 1e9));
      System.out.print(NativeThreadCpu.report(native0, native1, blocks));
      System.out.printf(Locale.ROOT, "(p2p-%s… is the serving node's I/O thread, p2p-%s… the"
          + " follower's)%n", server.nodeId().hex().substring(0, 8),
          follower.nodeId().hex().substring(0, 8));
    } finally {
      if (sync != null) {
        sync.close();
      }
      follower.stop();
      node.close();
    }
  }

  private static void cpuRow(String what, long nanos, long total, int blocks) {
    System.out.printf(Locale.ROOT, "  %-40s %7.3f ms/block  %5.1f%%%n", what,
        nanos / 1e6 / blocks, 100.0 * nanos / total);
  }

  private static void row(String what, long nanos, double total, int blocks) {
    System.out.printf(Locale.ROOT, "  %-32s %7.3f ms/block  %5.1f%%%n", what,
        nanos / 1e6 / blocks, 100 * nanos / total);
  }
}
