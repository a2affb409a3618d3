package io.cybergraph.node.evidence;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.store.EvidenceTable;
import io.cybergraph.store.NewEvidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified evidence not yet committed: persisted in the store's {@code evidence_pending} (a
 * restarted node still has it), at most {@code [evidence] max_pending} items, one per
 * equivocation key. Evidence is taken when it verifies for the height being agreed (its votes
 * may be of any height up to that one); a committed block removes its evidence (from the store in
 * the block's own batch, from memory by {@link #committed}), and evidence older than
 * {@code max_age_blocks} is dropped. Thread-safe.
 */
public final class EvidencePool implements EvidenceReporter {
  private static final Logger LOG = LoggerFactory.getLogger(EvidencePool.class);

  /** What {@link #add} did. */
  public enum Outcome {
    ADDED,
    ALREADY_PENDING,
    POOL_FULL
  }

  private final EvidenceTable table;
  private final EvidenceVerifier verifier;
  private final LongSupplier latestHeight;
  private final int maxPending;
  /** By equivocation key. */
  private final TreeMap<ByteKey, VerifiedEvidence> byKey = new TreeMap<>();
  private final Map<ByteKey, ByteKey> keyByHash = new HashMap<>();
  private final List<Consumer<VerifiedEvidence>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Opens the pool on what the store holds; items that no longer verify (committed meanwhile,
   * too old) are dropped.
   *
   * @param latestHeight the latest committed height
   */
  public EvidencePool(
      EvidenceTable table, EvidenceVerifier verifier, LongSupplier latestHeight, int maxPending) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("[evidence] max_pending must be >= 1, got " + maxPending);
    }
    this.table = table;
    this.verifier = verifier;
    this.latestHeight = latestHeight;
    this.maxPending = maxPending;
    for (NewEvidence stored : table.pending()) {
      try {
        Evidence e = Evidence.parseFrom(stored.evidence());
        put(verifier.verify(e, agreedHeight() + 1));
      } catch (InvalidProtocolBufferException | InvalidEvidenceException e) {
        LOG.info("evidence pool: dropped stored evidence {}: {}", ByteKey.of(stored.key()),
            e.getMessage());
        table.deletePending(stored.key());
      }
    }
    if (!byKey.isEmpty()) {
      LOG.info("evidence pool: {} pending evidence restored", byKey.size());
    }
  }

  /** Told of every item added (after it is persisted): gossip sends it on. */
  public void addListener(Consumer<VerifiedEvidence> listener) {
    listeners.add(listener);
  }

  /** Consensus saw an equivocation: the pair becomes pending evidence. */
  @Override
  public void report(Vote a, Vote b) {
    Evidence e = DuplicateVotes.evidence(a, b);
    try {
      Outcome outcome = add(e);
      if (outcome == Outcome.ADDED) {
        LOG.warn("height {} round {}: equivocation by {} ({}): evidence {} pending",
            a.getHeight(), a.getRound(), ByteKey.of(a.getValidatorAddress().toByteArray()),
            EvidenceVerifier.typeName(a), ByteKey.of(DuplicateVotes.hash(e)));
      }
    } catch (InvalidEvidenceException ex) {
      LOG.info("height {} round {}: reported equivocation not kept: {}", a.getHeight(),
          a.getRound(), ex.getMessage());
    }
  }

  /**
   * Verifies and adds evidence (votes of a height up to the one being agreed).
   *
   * @throws InvalidEvidenceException if it does not verify (nothing changes)
   */
  public Outcome add(Evidence evidence) throws InvalidEvidenceException {
    VerifiedEvidence v;
    synchronized (this) {
      if (evidence.hasDuplicateVote()
          && byKey.containsKey(ByteKey.of(DuplicateVotes.key(evidence)))) {
        return Outcome.ALREADY_PENDING;
      }
      if (byKey.size() >= maxPending) {
        LOG.warn("evidence pool full ({} items): evidence {} not kept", maxPending,
            ByteKey.of(DuplicateVotes.hash(evidence)));
        return Outcome.POOL_FULL;
      }
      v = verifier.verify(evidence, agreedHeight() + 1);
      table.putPending(v.toStore());
      put(v);
    }
    for (Consumer<VerifiedEvidence> l : listeners) {
      l.accept(v);
    }
    return Outcome.ADDED;
  }

  /** Pending evidence, oldest height first (then by equivocation key). */
  public synchronized List<VerifiedEvidence> pending() {
    List<VerifiedEvidence> out = new ArrayList<>(byKey.values());
    out.sort(Comparator.comparingLong(VerifiedEvidence::height)
        .thenComparing(VerifiedEvidence::key));
    return out;
  }

  public synchronized int size() {
    return byKey.size();
  }

  /** True when an item with this evidence hash is pending. */
  public synchronized boolean hasHash(ByteKey hash) {
    return keyByHash.containsKey(hash);
  }

  /**
   * A block was committed (its evidence already left {@code evidence_pending} in the block's
   * batch): forget its evidence here, and drop pending evidence that became too old.
   */
  public void committed(Block block) {
    List<ByteKey> stale = new ArrayList<>();
    synchronized (this) {
      for (Evidence e : block.getEvidence().getEvidenceList()) {
        remove(ByteKey.of(DuplicateVotes.key(e)));
      }
      long oldest = block.getHeader().getHeight() + 1 - verifier.params().maxAgeBlocks();
      for (VerifiedEvidence v : byKey.values()) {
        if (v.height() < oldest) {
          stale.add(v.key());
        }
      }
      for (ByteKey key : stale) {
        remove(key);
        table.deletePending(key.bytes());
      }
    }
    if (!stale.isEmpty()) {
      LOG.info("height {}: {} pending evidence older than {} blocks dropped",
          block.getHeader().getHeight(), stale.size(), verifier.params().maxAgeBlocks());
    }
  }

  /** Drops an item that can no longer be included (committed by someone, too old). */
  synchronized void drop(ByteKey key) {
    if (remove(key) != null) {
      table.deletePending(key.bytes());
    }
  }

  /** The height being agreed: the latest committed + 1. */
  private long agreedHeight() {
    return latestHeight.getAsLong() + 1;
  }

  private void put(VerifiedEvidence v) {
    byKey.put(v.key(), v);
    keyByHash.put(v.hash(), v.key());
  }

  private VerifiedEvidence remove(ByteKey key) {
    VerifiedEvidence v = byKey.remove(key);
    if (v != null) {
      keyByHash.remove(v.hash());
    }
    return v;
  }
}
