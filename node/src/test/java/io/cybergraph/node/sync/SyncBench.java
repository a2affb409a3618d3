package io.cybergraph.node.sync;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.BlockExecution;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.app.state.ExecutedLink;
import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.StakeChange;
import io.cybergraph.node.net.TestNetwork;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.BlockResponse;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.rank.RankEngine;
import io.cybergraph.rank.RankParams;
import io.cybergraph.store.ChainStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Block sync speed of a fresh node: builds a history in a store (default 1,000 blocks of 100
 * links: 4 txs of 25 links, one validator), serves it from one p2p node and syncs it into an
 * empty store on another over real sockets on 127.0.0.1, then prints blocks/s and where the
 * apply thread's time went: tx decoding and signatures, execution, storage (one synced RocksDB
 * batch per block), rank (one tri-kernel block step per block, as a replaying node runs it), and
 * the offline cost of verifying the commits and block ids.
 *
 * <pre>
 * java -cp node/target/test-classes:node/target/classes:CLASSPATH \
 *   io.cybergraph.node.sync.SyncBench [blocks] [txs per block] [links per tx] [validators] [rank on|off]
 * </pre>
 */
public final class SyncBench {

  /** {@link StoreBlockApplier}'s steps, each timed, plus a rank step per block. */
  static final class TimedApplier implements BlockApplier {
    final TestChain chain = TestHistory.genesis();
    final PreparedAhead ahead = new PreparedAhead(chain.preparer,
        io.cybergraph.node.app.tx.PreparedTxSource.NONE, 100_000);
    final io.cybergraph.node.app.BlockExecutor executor =
        new io.cybergraph.node.app.BlockExecutor(chain.state, chain.preparer, ahead);
    final ChainStore store;
    final ValidatorSet validators;
    final RankEngine rank;
    volatile BlockID lastBlockId = BlockID.getDefaultInstance();
    final java.util.concurrent.atomic.LongAdder aheadNanos = new java.util.concurrent.atomic.LongAdder();
    long prepareNanos;
    long executeNanos;
    long storeNanos;
    long rankNanos;
    long applyNanos;

    TimedApplier(ChainStore store, ValidatorSet validators, boolean withRank) {
      this.store = store;
      this.validators = validators;
      this.rank = withRank ? new RankEngine(RankParams.defaults(), 1) : null;
      if (rank != null) {
        for (StakeChange s : chain.state.stakes()) {
          rank.setStake(s.neuron(), s.stake());
        }
      }
    }

    @Override
    public String chainId() {
      return TestChain.CHAIN_ID;
    }

    @Override
    public ValidatorSet validators() {
      return validators;
    }

    @Override
    public long height() {
      return chain.state.height();
    }

    @Override
    public BlockID lastBlockId() {
      return lastBlockId;
    }

    /** On the verify threads: signatures ahead of execution. */
    @Override
    public void prepare(Block block) {
      long t0 = System.nanoTime();
      ahead.prepare(block);
      aheadNanos.add(System.nanoTime() - t0);
    }

    @Override
    public void apply(Block block, Commit commit) {
      long t0 = System.nanoTime();
      AppState state = chain.state;
      long height = state.height() + 1;
      if (!block.getHeader().getAppHash().equals(ByteString.copyFrom(state.appHash()))) {
        throw new ChainHaltException(height, "app hash differs");
      }
      List<byte[]> txs = new ArrayList<>();
      for (ByteString tx : block.getData().getTxsList()) {
        txs.add(tx.toByteArray());
      }
      long t1 = System.nanoTime();
      BlockExecution e = executor.execute(height, txs); // txs prepared ahead
      ahead.forget(block);
      long t2 = System.nanoTime();
      store.write(StoreBlockApplier.committed(e, Protobufs.encode(block), commit));
      state.commit(e);
      long t3 = System.nanoTime();
      if (rank != null) {
        for (ExecutedLink l : e.links()) {
          rank.addLink(l.neuronText(), l.from().text(), l.to().text());
        }
        for (StakeChange s : e.stakeChanges()) {
          rank.setStake(s.neuron(), s.stake());
        }
        rank.step();
      }
      long t4 = System.nanoTime();
      lastBlockId = commit.getBlockId();
      prepareNanos += t1 - t0;
      executeNanos += t2 - t1;
      storeNanos += t3 - t2;
      rankNanos += t4 - t3;
      applyNanos += t4 - t0;
    }
  }

  public static void main(String[] args) throws Exception {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int txs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int linksPerTx = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    int validatorCount = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    boolean withRank = args.length <= 4 || args[4].equals("on");
    long[] powers = new long[validatorCount];
    java.util.Arrays.fill(powers, 10);

    Path dir = Files.createTempDirectory("syncbench");
    TestValidators validators = new TestValidators("test-chain", powers);
    try (TestHistory history = new TestHistory(dir.resolve("source"), validators);
        TestNetwork net = new TestNetwork()) {
      long b0 = System.nanoTime();
      history.grow(blocks, txs, linksPerTx);
      System.out.printf(Locale.ROOT, "history: %d blocks of %d links built in %.1f s%n",
          blocks, txs * linksPerTx, (System.nanoTime() - b0) / 1e9);

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
          SyncConfig.defaults())).start();
      server.start();
      server.setLocalHeight(history.height());

      P2pNode follower = net.create("follower");
      ChainStore store = net.closeLater(
          ChainStore.open(dir.resolve("follower"), TestHistory.SMALL));
      TimedApplier applier = new TimedApplier(store, validators.set, withRank);
      BlockSync sync = net.closeLater(BlockSync.following(follower, new StoreBlockSource(store),
          applier, SyncConfig.defaults(), e -> {}));
      follower.start();
      TestNetwork.connect(follower, server);
      long s0 = System.nanoTime();
      sync.start();
      while (applier.height() < blocks) {
        if (sync.status().halted()) {
          throw new IllegalStateException(sync.status().haltedReason());
        }
        Thread.sleep(5);
      }
      long syncNanos = System.nanoTime() - s0;
      double seconds = syncNanos / 1e9;
      System.out.printf(Locale.ROOT, "synced %d blocks in %.2f s: %.0f blocks/s (%s)%n", blocks,
          seconds, blocks / seconds, withRank ? "with rank" : "without rank");
      double apply = applier.applyNanos;
      System.out.printf(Locale.ROOT, "apply thread busy %.0f%% of the sync%n",
          100 * apply / syncNanos);
      row("block to tx list", applier.prepareNanos, apply, blocks);
      row("execution", applier.executeNanos, apply, blocks);
      row("storage (synced batch)", applier.storeNanos, apply, blocks);
      row("rank step", applier.rankNanos, apply, blocks);
      System.out.printf(Locale.ROOT, "verify threads, ahead of the apply thread:%n");
      System.out.printf(Locale.ROOT, "  %-28s %7.3f ms/block (measured offline)%n",
          "block id + commit signatures", verifyNanos / 1e6 / blocks);
      System.out.printf(Locale.ROOT, "  %-28s %7.3f ms/block%n", "tx decoding + signatures",
          applier.aheadNanos.sum() / 1e6 / blocks);
      if (applier.rank != null) {
        applier.rank.close();
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void row(String what, long nanos, double total, int blocks) {
    System.out.printf(Locale.ROOT, "  %-28s %7.3f ms/block  %5.1f%%%n", what,
        nanos / 1e6 / blocks, 100 * nanos / total);
  }
}
