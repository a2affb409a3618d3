package io.cybergraph.node.app;

import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.tx.SignatureCache;
import io.cybergraph.node.app.tx.TxPreparer;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.store.ChainStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): blocks of 10,000 links (10 txs of 1,000) executed and committed into
 * a real RocksDB store (one synced batch per block), then the store's size per link. Links join
 * random-looking pairs of a pool of particles, so later blocks mix new and known particles.
 *
 * <pre>java -cp node/target/classes:node/target/test-classes:DEPS \
 *     io.cybergraph.node.app.BlockPersistBench [blocks] [particles] [dir]</pre>
 */
public final class BlockPersistBench {
  private static final int TXS = 10;
  private static final int LINKS_PER_TX = 1000;

  private BlockPersistBench() {}

  public static void main(String[] args) throws IOException {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int particles = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("persist-bench");
    long[] balances = new long[TXS];
    Arrays.fill(balances, 1_000_000);
    ChainGenesis genesis = genesisWithBudget(balances);
    TestChain keys = new TestChain(1000, 10, balances); // only to sign txs
    long[] execute = new long[blocks];
    long[] commit = new long[blocks];
    long[] executeCpu = new long[blocks];
    long[] commitCpu = new long[blocks];
    long links = 0;
    try (ChainStore store = StoredStateTest.openStore(dir)) {
      AppState state = AppState.open(genesis, store);
      BlockExecutor executor =
          new BlockExecutor(state, new TxPreparer(state.rules(), new SignatureCache(10_000)));
      for (int b = 0; b < blocks; b++) {
        List<byte[]> txs = new ArrayList<>();
        for (int t = 0; t < TXS; t++) {
          int[] pairs = new int[LINKS_PER_TX * 2];
          for (int i = 0; i < LINKS_PER_TX; i++) {
            long n = links + (long) t * LINKS_PER_TX + i;
            int from = (int) (n % particles);
            pairs[2 * i] = from;
            pairs[2 * i + 1] = (int) ((from + 1 + n / particles) % particles);
          }
          txs.add(keys.links(t, b, pairs));
        }
        long c0 = cpu();
        long t0 = System.nanoTime();
        BlockExecution e = executor.execute(b + 1, txs);
        long t1 = System.nanoTime();
        long c1 = cpu();
        state.commit(e, StoredStateTest.record(e));
        long t2 = System.nanoTime();
        long c2 = cpu();
        execute[b] = t1 - t0;
        commit[b] = t2 - t1;
        executeCpu[b] = c1 - c0;
        commitCpu[b] = c2 - c1;
        links += e.links().size();
      }
      System.out.printf(
          "%d blocks of %d links, %d particles in the end. Medians: execute %.1f ms wall"
              + " (%.1f ms CPU); commit = store write, synced: %.1f ms wall (%.1f ms CPU)%n",
          blocks, TXS * LINKS_PER_TX, store.particleCount(), median(execute) / 1e6,
          median(executeCpu) / 1e6, median(commit) / 1e6, median(commitCpu) / 1e6);
    }
    long dirBytes = size(dir);
    try (ChainStore reopened = StoredStateTest.openStore(dir)) {
      long sst = reopened.diskBytes();
      System.out.printf(
          "store: %d links, directory %.1f MB (%.0f bytes/link), SST files after reopen %.1f MB"
              + " (%.0f bytes/link)%n",
          links, dirBytes / 1e6, (double) dirBytes / links, sst / 1e6, (double) sst / links);
    }
    if (args.length <= 2) {
      delete(dir);
    }
  }

  /** Genesis like StoredStateTest's, with a budget large enough for these blocks. */
  private static ChainGenesis genesisWithBudget(long[] balances) {
    ChainGenesis g = StoredStateTest.genesis(balances);
    g.file().bandwidth.budgetLinks = 1L << 30;
    return new ChainGenesis(g.file(), g.hash(), g.genesisTimeNs(), g.rankParams(),
        g.validators(), g.accounts(), g.totalSupply());
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** CPU time of the whole process (all threads, RocksDB's included). */
  static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
