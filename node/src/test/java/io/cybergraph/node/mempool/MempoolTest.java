package io.cybergraph.node.mempool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.app.BlockExecution;
import io.cybergraph.node.app.BlockExecutor;
import io.cybergraph.node.app.InvalidBlockException;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.ProposedBlock;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.app.tx.PreparedTx;
import io.cybergraph.node.app.tx.Refusal;
import io.cybergraph.node.app.tx.RefusalCode;
import io.cybergraph.node.app.tx.TxRefusedException;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Hashes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MempoolTest {
  // T = 100, W = 10, S = 100: capacity = balance; refill balance / 10 per block
  private final TestChain chain = new TestChain(100, 10, 40, 30, 20, 10);

  private static NodeConfig.MempoolSection limits(int maxTxs, long maxBytes, int ttl) {
    NodeConfig.MempoolSection m = new NodeConfig.MempoolSection();
    m.maxTxs = maxTxs;
    m.maxBytes = maxBytes;
    m.maxTxBytes = (int) Math.min(maxBytes, 4096);
    m.cacheSize = 1000;
    m.ttlBlocks = ttl;
    return m;
  }

  private Mempool mempool() {
    return new Mempool(limits(100, 1 << 20, 5), chain.state, chain.preparer);
  }

  private static RefusalCode refusal(Mempool pool, byte[] raw) {
    return assertThrows(TxRefusedException.class, () -> pool.add(raw)).code();
  }

  /** Builds the next block from the mempool as a proposer does, commits it, updates the pool. */
  private static MempoolUpdate produce(TestChain chain, Mempool pool) {
    long height = chain.state.height() + 1;
    List<PreparedTx> candidates =
        pool.reap(chain.rules.maxBlockLinks(), chain.rules.maxBlockBytes());
    ProposedBlock block = chain.executor.propose(height, candidates);
    chain.state.commit(block.execution());
    return pool.update(height, block.execution().txHashes());
  }

  private static ByteKey hash(byte[] raw) {
    return ByteKey.of(Hashes.sha256(raw));
  }

  @Test
  void perAccountOnlyTheNextSequenceAfterThePendingOnesIsAccepted() {
    Mempool pool = mempool();
    pool.add(chain.links(0, 0, 1, 2));
    Refusal gap =
        assertThrows(TxRefusedException.class, () -> pool.add(chain.links(0, 2, 1, 3))).refusal();
    assertEquals(RefusalCode.SEQUENCE_MISMATCH, gap.code());
    assertEquals(Map.of("expected", "1", "got", "2"), gap.details());
    assertEquals(RefusalCode.SEQUENCE_MISMATCH, refusal(pool, chain.links(0, 0, 1, 3)));
    pool.add(chain.links(0, 1, 1, 3));
    pool.add(chain.links(0, 2, 1, 4)); // the gap is filled now
    pool.add(chain.links(1, 0, 1, 2)); // other accounts are independent
    assertEquals(4, pool.size());
    // reaped in admission order, so each account's sequences stay in order
    List<PreparedTx> reaped = pool.reap(1000, 1 << 20);
    assertEquals(List.of(0L, 1L, 2L, 0L), reaped.stream().map(PreparedTx::sequence).toList());
    MempoolUpdate u = produce(chain, pool);
    assertEquals(4, u.committed());
    assertEquals(0, pool.size());
    assertEquals(3, chain.account(0).sequence());
  }

  @Test
  void pendingTxsCountAgainstBandwidthAtAdmission() {
    Mempool pool = mempool();
    // account 3: capacity 10, full
    pool.add(links(3, 0, 6));
    Refusal r = assertThrows(TxRefusedException.class, () -> pool.add(links(3, 1, 5))).refusal();
    assertEquals(RefusalCode.NOT_ENOUGH_BANDWIDTH, r.code());
    assertEquals(Map.of("available", "4", "needed", "5"), r.details());
    pool.add(links(3, 1, 4)); // what is left
    assertEquals(RefusalCode.NOT_ENOUGH_BANDWIDTH, refusal(pool, links(3, 2, 1)));
    // a link that is pending already is refused as a duplicate
    pool.add(chain.links(0, 0, 50, 51));
    assertEquals(RefusalCode.DUPLICATE_LINK, refusal(pool, chain.links(0, 1, 50, 51)));
    // after the block commits, one block of refill (10 / 10 = 1) is available
    produce(chain, pool);
    pool.add(links(3, 2, 1));
    assertEquals(RefusalCode.NOT_ENOUGH_BANDWIDTH, refusal(pool, chain.links(3, 3, 7, 8)));
  }

  @Test
  void aSendPendingRaisesTheRecipientsCapacityForLaterBlocksOnly() {
    Mempool pool = mempool();
    pool.add(chain.tx(0, 0, chain.send(3, 30))); // account 3: balance 10 -> 40
    // in the same block account 3 still has what it had settled: 10
    pool.add(links(3, 0, 10));
    assertEquals(RefusalCode.NOT_ENOUGH_BANDWIDTH, refusal(pool, links(3, 1, 1)));
    produce(chain, pool);
    assertEquals(40, chain.account(3).balance());
    // next block: refill under the new capacity 40 is 4 per block
    pool.add(links(3, 1, 4));
    assertEquals(RefusalCode.NOT_ENOUGH_BANDWIDTH, refusal(pool, links(3, 2, 1)));
  }

  @Test
  void aReplayOfACommittedTxIsRefusedByTheSeenCache() {
    Mempool pool = mempool();
    byte[] tx = chain.links(0, 0, 1, 2);
    pool.add(tx);
    assertEquals(RefusalCode.ALREADY_IN_MEMPOOL, refusal(pool, tx));
    produce(chain, pool);
    assertEquals(RefusalCode.ALREADY_SEEN, refusal(pool, tx));
    assertTrue(pool.seen(hash(tx)));
    // a tx committed by another proposer (never pending here) is remembered too
    byte[] other = chain.links(1, 0, 1, 2);
    BlockExecution e = chain.commit(other);
    pool.update(e.height(), e.txHashes());
    assertEquals(RefusalCode.ALREADY_SEEN, refusal(pool, other));
  }

  @Test
  void aBlockOfPendingTxsReusesTheirPreparationAndGivesTheSameResult() {
    Mempool pool = mempool();
    List<byte[]> block = List.of(chain.links(0, 0, 1, 2, 2, 3), chain.tx(1, 0, chain.send(2, 5)));
    for (byte[] tx : block) {
      pool.add(tx);
    }
    assertArrayEquals(block.get(0), pool.find(hash(block.get(0))).raw());
    assertEquals(null, pool.find(hash(chain.links(3, 0, 1, 2))));
    BlockExecutor withPool = new BlockExecutor(chain.state, chain.preparer, pool);
    BlockExecution reused = withPool.execute(1, block);
    BlockExecution fresh = chain.executor.execute(1, block);
    assertArrayEquals(fresh.appHash(), reused.appHash());
    assertEquals(fresh.links(), reused.links());
    // a block mixing pending and unknown txs still checks the unknown ones
    byte[] bad = chain.links(3, 7, 1, 2);
    InvalidBlockException e =
        assertThrows(InvalidBlockException.class,
            () -> withPool.execute(1, List.of(block.get(0), bad)));
    assertEquals(1, e.txIndex());
    assertEquals(RefusalCode.SEQUENCE_MISMATCH, e.refusal().code());
  }

  @Test
  void aSeenCacheOfSizeZeroStillRefusesReplaysBySequence() {
    NodeConfig.MempoolSection m = limits(100, 1 << 20, 5);
    m.cacheSize = 0;
    Mempool pool = new Mempool(m, chain.state, chain.preparer);
    byte[] tx = chain.links(0, 0, 1, 2);
    pool.add(tx);
    produce(chain, pool);
    assertEquals(RefusalCode.SEQUENCE_MISMATCH, refusal(pool, tx));
  }

  @Test
  void recheckAfterABlockDropsTxsTheBlockMadeInvalid() {
    Mempool pool = mempool();
    byte[] a0 = chain.links(0, 0, 1, 2);
    byte[] a1 = chain.links(0, 1, 3, 4);
    byte[] b0 = chain.links(1, 0, 5, 6, 6, 7);
    byte[] b1 = chain.links(1, 1, 9, 10);
    byte[] c0 = links(2, 0, 2);
    byte[] c1 = links(2, 1, 15); // 20 - 2 - 15: fits while pending
    byte[] d0 = chain.tx(3, 0, chain.send(0, 5));
    byte[] d1 = chain.tx(3, 1, chain.send(0, 5));
    for (byte[] tx : List.of(a0, a1, b0, b1, c0, c1, d0, d1)) {
      pool.add(tx);
    }
    // another proposer's block uses every account's sequence 0 for other txs
    BlockExecution e =
        chain.commit(
            chain.links(0, 0, 7, 8), // a1 still follows
            chain.links(1, 0, 9, 10), // the link of b1
            links(2, 0, 19), // 1 left, 3 at the next height
            chain.tx(3, 0, chain.send(1, 9))); // balance 1 left
    MempoolUpdate u = pool.update(e.height(), e.txHashes());
    assertEquals(0, u.committed());
    assertEquals(
        Map.of(
            hash(a0), "SEQUENCE_MISMATCH",
            hash(b0), "SEQUENCE_MISMATCH",
            hash(b1), "DUPLICATE_LINK",
            hash(c0), "SEQUENCE_MISMATCH",
            hash(c1), "NOT_ENOUGH_BANDWIDTH",
            hash(d0), "SEQUENCE_MISMATCH",
            hash(d1), "INSUFFICIENT_BALANCE"),
        codes(u));
    assertEquals(1, pool.size());
    assertTrue(pool.contains(hash(a1)));
    assertEquals(a1.length, pool.bytes());
    // dropped txs are forgotten by the seen-cache: they are refused for their own reason
    assertEquals(RefusalCode.DUPLICATE_LINK, refusal(pool, b1));
  }

  private static Map<ByteKey, String> codes(MempoolUpdate u) {
    java.util.HashMap<ByteKey, String> out = new java.util.HashMap<>();
    for (MempoolUpdate.Dropped d : u.invalid()) {
      out.put(d.txHash(), d.refusal().code().name());
    }
    return out;
  }

  @Test
  void txsExpireAfterTheTtlOfBlocks() {
    Mempool pool = new Mempool(limits(100, 1 << 20, 2), chain.state, chain.preparer);
    byte[] old = chain.links(0, 0, 1, 2);
    pool.add(old); // admitted at height 0
    MempoolUpdate u1 = pool.update(commitEmpty(), List.of()); // height 1: 1 block waited
    assertTrue(u1.expired().isEmpty());
    byte[] young = chain.links(1, 0, 1, 2);
    pool.add(young); // admitted at height 1
    MempoolUpdate u2 = pool.update(commitEmpty(), List.of()); // height 2
    assertEquals(List.of(hash(old)), u2.expired());
    assertEquals(1, pool.size());
    MempoolUpdate u3 = pool.update(commitEmpty(), List.of()); // height 3
    assertEquals(List.of(hash(young)), u3.expired());
    assertEquals(0, pool.size());
    assertEquals(0, pool.bytes());
    pool.add(old); // an expired tx may be sent again
  }

  private long commitEmpty() {
    return chain.commit().height();
  }

  @Test
  void boundedByCount() {
    Mempool pool = new Mempool(limits(2, 1 << 20, 5), chain.state, chain.preparer);
    pool.add(chain.links(0, 0, 1, 2));
    pool.add(chain.links(1, 0, 1, 2));
    Refusal r =
        assertThrows(TxRefusedException.class, () -> pool.add(chain.links(2, 0, 1, 2))).refusal();
    assertEquals(RefusalCode.MEMPOOL_FULL, r.code());
    assertEquals(Map.of("txs", "2", "limit", "2"), r.details());
    produce(chain, pool);
    pool.add(chain.links(2, 0, 1, 2)); // room again
  }

  @Test
  void boundedByBytes() {
    byte[] a = chain.links(0, 0, 1, 2);
    byte[] b = chain.links(1, 0, 1, 2);
    byte[] c = chain.links(2, 0, 1, 2);
    Mempool pool =
        new Mempool(limits(100, a.length + b.length + c.length - 1, 5), chain.state,
            chain.preparer);
    pool.add(a);
    pool.add(b);
    assertEquals(a.length + b.length, pool.bytes());
    assertEquals(RefusalCode.MEMPOOL_FULL, refusal(pool, c));
    assertEquals(2, pool.size());
  }

  @Test
  void aTxAboveMaxTxBytesIsRefusedBeforeDecoding() {
    NodeConfig.MempoolSection m = limits(100, 1 << 20, 5);
    byte[] tx = chain.links(0, 0, 1, 2, 2, 3);
    m.maxTxBytes = tx.length - 1;
    Mempool pool = new Mempool(m, chain.state, chain.preparer);
    Refusal r = assertThrows(TxRefusedException.class, () -> pool.add(tx)).refusal();
    assertEquals(RefusalCode.TX_TOO_LARGE, r.code());
    assertEquals(Map.of("bytes", "" + tx.length, "limit", "" + (tx.length - 1)), r.details());
    assertEquals(RefusalCode.TX_TOO_LARGE, refusal(pool, new byte[tx.length])); // not decoded
  }

  @Test
  void aTxLargerThanABlockMayCarryIsRefusedLikeOneAboveMaxTxBytes() {
    TestChain small = TestChain.withLimits(1000, 20_000, 8 << 10, 1_000_000, 10, 1000, 1000);
    NodeConfig.MempoolSection m = limits(100, 1 << 20, 5);
    m.maxTxBytes = 1 << 20;
    Mempool pool = new Mempool(m, small.state, small.preparer);
    byte[] big =
        TxBuilder.build(TestChain.CHAIN_ID, small.keys[0], 0,
            List.of(TxBuilder.cyberlink(TestChain.cid(1), TestChain.cid(2))), "x".repeat(9_000));
    TxRefusedException e = assertThrows(TxRefusedException.class, () -> pool.add(big));
    assertEquals(RefusalCode.TX_TOO_LARGE, e.refusal().code());
    assertEquals(Map.of("bytes", "" + big.length, "limit", "" + (8 << 10)), e.refusal().details());
    assertEquals("tx is " + big.length + " bytes, block.max_bytes is 8192", e.refusal().message());
    assertEquals(0, pool.size());
    pool.add(small.links(0, 0, 1, 2)); // the signer's next tx is not held up behind it
    assertEquals(1, pool.size());
  }

  @Test
  void reapStopsAtTheLimitsAndKeepsASignersLaterTxsWaiting() {
    Mempool pool = mempool();
    byte[] a0 = links(0, 0, 3);
    byte[] a1 = links(0, 1, 1);
    byte[] b0 = links(1, 0, 2);
    byte[] c0 = links(2, 0, 1);
    for (byte[] tx : List.of(a0, a1, b0, c0)) {
      pool.add(tx);
    }
    // 4 links: a0 (3) fits, a1 (1) fits, b0 (2) does not, c0 (1) would not either
    assertEquals(List.of(hash(a0), hash(a1)), hashes(pool.reap(4, 1 << 20)));
    // 3 links: a0 fits, a1 does not fit after it... b0 neither, c0 neither
    assertEquals(List.of(hash(a0)), hashes(pool.reap(3, 1 << 20)));
    // 2 links: a0 does not fit, so a1 waits too; b0 fits
    assertEquals(List.of(hash(b0)), hashes(pool.reap(2, 1 << 20)));
    // by bytes: only what fits, in order, skipping blocked signers
    assertEquals(List.of(hash(a0)), hashes(pool.reap(100, a0.length)));
    assertEquals(4, pool.size()); // reaping removes nothing
  }

  private static List<ByteKey> hashes(List<PreparedTx> txs) {
    return txs.stream().map(PreparedTx::hash).toList();
  }

  @Test
  void concurrentAddsAndBlocksKeepEveryAccountInOrder() throws Exception {
    TestChain big = new TestChain(1_000_000, 10, 250_000, 250_000, 250_000, 250_000);
    Mempool pool = new Mempool(limits(10_000, 64 << 20, 50), big.state, big.preparer);
    int perAccount = 40;
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int account = 0; account < 4; account++) {
      int a = account;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int s = 0; s < perAccount; s++) {
                    byte[] tx = big.links(a, s, 10_000 * a + s, 10_000 * a + s + 1);
                    while (true) {
                      try {
                        pool.add(tx);
                        break;
                      } catch (TxRefusedException e) {
                        // the tx may be committed already by a block made meanwhile
                        if (e.code() == RefusalCode.ALREADY_SEEN) {
                          break;
                        }
                        throw e;
                      }
                    }
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      threads.add(t);
      t.start();
    }
    start.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (big.state.graph().linkCount() < 4L * perAccount) {
      assertTrue(System.nanoTime() < deadline, "blocks did not take every tx in time");
      assertTrue(errors.isEmpty(), () -> errors.peek().toString());
      MempoolUpdate u = produce(big, pool);
      assertTrue(u.invalid().isEmpty(), () -> u.invalid().toString());
    }
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(errors.isEmpty(), () -> errors.peek().toString());
    for (int a = 0; a < 4; a++) {
      assertEquals(perAccount, big.account(a).sequence());
    }
    assertEquals(0, pool.size());
    assertFalse(pool.contains(hash(big.links(0, 0, 0, 1))));
  }

  private byte[] links(int signer, long sequence, int count) {
    int[] pairs = new int[count * 2];
    for (int i = 0; i < count; i++) {
      pairs[2 * i] = (int) (1000 * (signer + 1) + 100 * sequence + i);
      pairs[2 * i + 1] = 1;
    }
    return chain.links(signer, sequence, pairs);
  }
}
