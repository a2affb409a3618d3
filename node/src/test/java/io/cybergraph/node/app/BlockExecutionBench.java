package io.cybergraph.node.app;

import io.cybergraph.node.app.state.Account;
import io.cybergraph.node.app.state.AccountBook;
import io.cybergraph.node.app.tx.SignatureCache;
import io.cybergraph.node.app.tx.TxPreparer;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.mempool.Mempool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Benchmark (not a test): time to execute a 10,000-link block, and to recompute accounts_root
 * with many accounts. Run from the node module with the test classpath:
 *
 * <pre>java -cp node/target/classes:node/target/test-classes:DEPS \
 *     io.cybergraph.node.app.BlockExecutionBench</pre>
 *
 * Prints the median of several runs after warm-up runs.
 */
public final class BlockExecutionBench {
  private static final int WARMUP = 3;
  private static final int RUNS = 9;

  private BlockExecutionBench() {}

  public static void main(String[] args) {
    System.out.printf("JVM %s, %d processors%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    tenThousandLinks(10, 1000);
    tenThousandLinks(10_000, 1);
    accountsRoot(1_000);
    accountsRoot(10_000);
    accountsRoot(100_000);
    accountsRoot(1_000_000);
  }

  /** A 10,000-link block of {@code txs} txs of {@code linksPerTx} links, all particles new. */
  private static void tenThousandLinks(int txs, int linksPerTx) {
    int signers = Math.min(txs, 100);
    long[] balances = new long[signers];
    Arrays.fill(balances, 1_000_000);
    TestChain chain = new TestChain(1_000_000_000L, 10, balances);
    List<byte[]> block = new ArrayList<>();
    for (int t = 0; t < txs; t++) {
      int[] pairs = new int[linksPerTx * 2];
      for (int i = 0; i < linksPerTx; i++) {
        int n = t * linksPerTx + i;
        pairs[2 * i] = n;
        pairs[2 * i + 1] = n + 1;
      }
      block.add(chain.links(t % signers, t / signers, pairs));
    }
    Mempool pool = new Mempool(new NodeConfig.MempoolSection(), chain.state, chain.preparer);
    for (byte[] tx : block) {
      pool.add(tx);
    }
    BlockExecutor withPool = new BlockExecutor(chain.state, chain.preparer, pool);
    long[] cold = new long[RUNS];
    long[] warm = new long[RUNS];
    long[] pending = new long[RUNS];
    long[] coldCpu = new long[RUNS];
    long[] warmCpu = new long[RUNS];
    long[] pendingCpu = new long[RUNS];
    for (int run = -WARMUP; run < RUNS; run++) {
      // cold: signatures verified during execution, as for a block from another proposer
      TxPreparer fresh = new TxPreparer(chain.rules, new SignatureCache(100_000));
      BlockExecutor executor = new BlockExecutor(chain.state, fresh);
      long c0 = BlockPersistBench.cpu();
      long t0 = System.nanoTime();
      BlockExecution e = executor.execute(1, block);
      long t1 = System.nanoTime();
      long c1 = BlockPersistBench.cpu();
      // warm: the same txs again, signatures cached (as after mempool admission)
      executor.execute(1, block);
      long t2 = System.nanoTime();
      long c2 = BlockPersistBench.cpu();
      // pending: the txs are in this node's mempool, prepared already
      withPool.execute(1, block);
      long t3 = System.nanoTime();
      long c3 = BlockPersistBench.cpu();
      if (e.links().size() != txs * linksPerTx) {
        throw new AssertionError("unexpected link count " + e.links().size());
      }
      if (run >= 0) {
        cold[run] = t1 - t0;
        warm[run] = t2 - t1;
        pending[run] = t3 - t2;
        coldCpu[run] = c1 - c0;
        warmCpu[run] = c2 - c1;
        pendingCpu[run] = c3 - c2;
      }
    }
    System.out.printf(
        "execute %d txs x %d links, medians wall (CPU): %.1f ms (%.1f) all checks, %.1f ms (%.1f)"
            + " signatures cached, %.1f ms (%.1f) txs pending in the mempool%n",
        txs, linksPerTx, median(cold) / 1e6, median(coldCpu) / 1e6, median(warm) / 1e6,
        median(warmCpu) / 1e6, median(pending) / 1e6, median(pendingCpu) / 1e6);
  }

  /** accounts_root after changing 100 accounts among {@code n}, and with one new account. */
  private static void accountsRoot(int n) {
    Random random = new Random(1);
    List<Account> accounts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      accounts.add(new Account(address(random), 1 + random.nextInt(1000), 0, 0, 0));
    }
    AccountBook book = new AccountBook(accounts);
    TreeMap<ByteKey, Account> updates = new TreeMap<>();
    for (int i = 0; i < 100; i++) {
      Account a = accounts.get(random.nextInt(n));
      updates.put(a.address(), a.withNextSequence());
    }
    TreeMap<ByteKey, Account> withNew = new TreeMap<>(updates);
    ByteKey fresh = address(random);
    withNew.put(fresh, new Account(fresh, 1, 0, 0, 0));
    System.out.printf(
        "accounts_root, %d accounts: 100 changed median %.2f ms; 100 changed + 1 new %.2f ms%n",
        n, medianRoot(book, updates) / 1e6, medianRoot(book, withNew) / 1e6);
  }

  private static double medianRoot(AccountBook book, TreeMap<ByteKey, Account> changes) {
    long[] times = new long[RUNS];
    for (int run = -WARMUP; run < RUNS; run++) {
      long t0 = System.nanoTime();
      book.rootWith(changes);
      if (run >= 0) {
        times[run] = System.nanoTime() - t0;
      }
    }
    return median(times);
  }

  private static ByteKey address(Random random) {
    byte[] a = new byte[20];
    random.nextBytes(a);
    return ByteKey.of(a);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
