package io.cybergraph.node.mempool;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.state.ChainGraph;
import io.cybergraph.node.app.state.ScratchState;
import io.cybergraph.node.app.tx.PreparedTx;
import io.cybergraph.node.app.tx.PreparedTxSource;
import io.cybergraph.node.app.tx.RefusalCode;
import io.cybergraph.node.app.tx.TxExecutor;
import io.cybergraph.node.app.tx.TxPreparer;
import io.cybergraph.node.app.tx.TxRefusedException;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.proto.crypto.Hashes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Pending transactions, in admission order.
 *
 * <ul>
 *   <li>Bounded by {@code mempool.max_txs} txs and {@code mempool.max_bytes} bytes; a tx above
 *       {@code mempool.max_tx_bytes} is refused. Nothing is evicted to make room.
 *   <li>A seen-cache of {@code mempool.cache_size} tx hashes (admitted or committed) refuses
 *       replays and gossip echoes before any decoding.
 *   <li>A tx is checked (stateless checks, then execution) against the committed state with the
 *       pending txs applied on top, at the next height: so per account only the next sequence
 *       after the pending ones is accepted, and pending txs count against bandwidth.
 *   <li>After each committed block ({@link #update}): the block's txs leave, txs pending for
 *       {@code mempool.ttl_blocks} blocks expire, and the rest are re-executed in order on the
 *       new state; those that fail are dropped.
 * </ul>
 *
 * <p>Thread-safe: RPC and gossip threads {@link #add}, the block producer {@link #reap}s and
 * {@link #update}s. Signature and CID checks, and the store reads of a tx's particles, run
 * outside the lock.
 */
public final class Mempool implements PreparedTxSource {
  private record Entry(PreparedTx tx, long admittedAtHeight) {}

  private final NodeConfig.MempoolSection limits;
  private final AppState state;
  private final TxPreparer preparer;
  private final TxExecutor executor;
  private final SeenCache seen;

  // guarded by this
  private final LinkedHashMap<ByteKey, Entry> pending = new LinkedHashMap<>();
  private long pendingBytes;
  private ScratchState scratch;

  public Mempool(NodeConfig.MempoolSection limits, AppState state, TxPreparer preparer) {
    this.limits = limits;
    this.state = state;
    this.preparer = preparer;
    this.executor = new TxExecutor(state.bandwidth());
    this.seen = new SeenCache(limits.cacheSize);
    this.scratch = state.scratch();
  }

  /**
   * Admits a tx (TxRaw bytes) and returns its hash, or throws {@link TxRefusedException} with
   * the reason; a refused tx changes nothing.
   */
  public ByteKey add(byte[] raw) {
    checkSize(raw);
    ByteKey hash = ByteKey.of(Hashes.sha256(raw == null ? new byte[0] : raw));
    synchronized (this) {
      checkRoom(hash, raw == null ? 0 : raw.length);
    }
    PreparedTx tx = preparer.prepare(raw);
    lookUpParticles(tx);
    synchronized (this) {
      checkRoom(hash, tx.size()); // another thread may have added it meanwhile
      executor.execute(scratch, tx, pending.size());
      pending.put(hash, new Entry(tx, state.height()));
      pendingBytes += tx.size();
      seen.add(hash);
    }
    return hash;
  }

  /**
   * A tx larger than a block may carry could never be included: it would sit here until its TTL,
   * holding room and its signer's later txs, so it is refused like one above max_tx_bytes.
   */
  private void checkSize(byte[] raw) {
    if (raw == null) {
      return;
    }
    long blockBytes = state.rules().maxBlockBytes();
    if (raw.length > limits.maxTxBytes) {
      throw tooLarge(raw.length, "mempool.max_tx_bytes", limits.maxTxBytes);
    }
    if (raw.length > blockBytes) {
      throw tooLarge(raw.length, "block.max_bytes", blockBytes);
    }
  }

  private static TxRefusedException tooLarge(int bytes, String limitName, long limit) {
    return new TxRefusedException(
        RefusalCode.TX_TOO_LARGE,
        "tx is " + bytes + " bytes, " + limitName + " is " + limit,
        "bytes", bytes, "limit", limit);
  }

  /**
   * Looks up the tx's committed particles before the lock is taken: a store read happens here,
   * in parallel with other admissions, and execution under the lock then finds them in the
   * graph's memory (or knows them new from the store's key filter without a read).
   */
  private void lookUpParticles(PreparedTx tx) {
    ChainGraph graph = state.graph();
    for (PreparedTx.Operation op : tx.operations()) {
      if (op instanceof PreparedTx.LinkOp link) {
        graph.particle(link.fromKey());
        graph.particle(link.toKey());
      }
    }
  }

  private void checkRoom(ByteKey hash, int size) {
    if (pending.containsKey(hash)) {
      throw new TxRefusedException(
          RefusalCode.ALREADY_IN_MEMPOOL, "tx " + hash.hex() + " is already pending");
    }
    if (seen.contains(hash)) {
      throw new TxRefusedException(
          RefusalCode.ALREADY_SEEN, "tx " + hash.hex() + " was seen recently (replay)");
    }
    if (pending.size() >= limits.maxTxs) {
      throw new TxRefusedException(
          RefusalCode.MEMPOOL_FULL,
          "mempool holds " + pending.size() + " txs, mempool.max_txs is " + limits.maxTxs,
          "txs", pending.size(), "limit", limits.maxTxs);
    }
    if (pendingBytes + size > limits.maxBytes) {
      throw new TxRefusedException(
          RefusalCode.MEMPOOL_FULL,
          "mempool holds " + pendingBytes + " bytes, this tx's " + size
              + " would pass mempool.max_bytes " + limits.maxBytes,
          "bytes", pendingBytes, "needed", size, "limit", limits.maxBytes);
    }
  }

  /**
   * Candidates for the next block, in admission order, up to {@code maxLinks} links and {@code
   * maxBytes} bytes: a tx that does not fit is left for a later block, and so are the later txs
   * of its signer (their sequences follow it). Nothing is removed; {@link #update} does that once
   * a block commits.
   */
  public synchronized List<PreparedTx> reap(long maxLinks, long maxBytes) {
    List<PreparedTx> out = new ArrayList<>();
    Set<ByteKey> waiting = new HashSet<>();
    long links = 0;
    long bytes = 0;
    for (Entry e : pending.values()) {
      PreparedTx tx = e.tx();
      if (waiting.contains(tx.signer())) {
        continue;
      }
      if (links + tx.linkCount() > maxLinks || bytes + tx.size() > maxBytes) {
        waiting.add(tx.signer());
        continue;
      }
      out.add(tx);
      links += tx.linkCount();
      bytes += tx.size();
    }
    return out;
  }

  /**
   * After block {@code height} committed (the app state is at {@code height}): removes the
   * block's txs (remembering their hashes), expires txs admitted {@code ttl_blocks} or more
   * blocks ago, and re-executes the rest in order on the new state, dropping those that fail.
   * Dropped and expired txs are forgotten by the seen-cache, so they may be sent again.
   */
  public synchronized MempoolUpdate update(long height, List<ByteKey> committedTxHashes) {
    if (height != state.height()) {
      throw new IllegalStateException(
          "mempool update for height " + height + " but the state is at " + state.height());
    }
    int committed = 0;
    for (ByteKey hash : committedTxHashes) {
      Entry e = pending.remove(hash);
      if (e != null) {
        pendingBytes -= e.tx().size();
        committed++;
      }
      seen.add(hash);
    }
    List<ByteKey> expired = new ArrayList<>();
    List<MempoolUpdate.Dropped> invalid = new ArrayList<>();
    scratch = state.scratch();
    int index = 0;
    for (Iterator<Entry> it = pending.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      PreparedTx tx = e.tx();
      if (height - e.admittedAtHeight() >= limits.ttlBlocks) {
        expired.add(tx.hash());
      } else {
        try {
          executor.execute(scratch, tx, index++);
          continue;
        } catch (TxRefusedException refused) {
          invalid.add(new MempoolUpdate.Dropped(tx.hash(), refused.refusal()));
        }
      }
      it.remove();
      pendingBytes -= tx.size();
      seen.remove(tx.hash());
    }
    return new MempoolUpdate(height, committed, expired, invalid, pending.size(), pendingBytes);
  }

  /** Pending txs. */
  public synchronized int size() {
    return pending.size();
  }

  /** Bytes of the pending txs. */
  public synchronized long bytes() {
    return pendingBytes;
  }

  public synchronized boolean contains(ByteKey txHash) {
    return pending.containsKey(txHash);
  }

  /** True when the tx is pending or in the seen-cache (e.g. not worth gossiping again). */
  public synchronized boolean seen(ByteKey txHash) {
    return pending.containsKey(txHash) || seen.contains(txHash);
  }

  /** The pending tx with this hash, prepared, or null (lets a block reuse the checks). */
  @Override
  public synchronized PreparedTx find(ByteKey txHash) {
    Entry e = pending.get(txHash);
    return e == null ? null : e.tx();
  }

  /** The pending txs in admission order (a snapshot). */
  public synchronized List<PreparedTx> pendingTxs() {
    List<PreparedTx> out = new ArrayList<>(pending.size());
    for (Entry e : pending.values()) {
      out.add(e.tx());
    }
    return out;
  }
}
