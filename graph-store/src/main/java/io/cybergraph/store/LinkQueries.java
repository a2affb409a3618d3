package io.cybergraph.store;

import java.util.List;
import java.util.function.Supplier;

/**
 * The provenance queries: links by neuron and height range, out of and into a particle, and
 * who linked a pair. Every query is paged: it returns up to {@code limit} links strictly after
 * the link {@code afterSeq} in its own order ({@code -1} starts at the beginning); pass the
 * last returned link's {@code seq} to get the next page, and stop at a page shorter than the
 * limit.
 */
public final class LinkQueries {
  /**
   * The largest page a query returns: a bound on one call's memory, above the RPC's largest page
   * (rpc.max_page_size ≤ 10,000, and the RPC asks for one link more to know whether a next page
   * exists).
   */
  public static final int MAX_LIMIT = 100_000;

  /** A page size for callers that walk all of a particle's links in steps (memory per step). */
  public static final int WALK_PAGE = 10_000;

  private final BlockTable blocks;
  private final LinkLog log;
  private final NeuronIndex byNeuron;
  private final ParticleLinkIndex out;
  private final ParticleLinkIndex in;
  private final Supplier<MetaTable.Head> head;
  /** Every stored (neuron, from, to): a new link needs no read to be known new. */
  private final KeyFilter made;

  LinkQueries(
      BlockTable blocks,
      LinkLog log,
      NeuronIndex byNeuron,
      ParticleLinkIndex out,
      ParticleLinkIndex in,
      Supplier<MetaTable.Head> head) {
    this.blocks = blocks;
    this.log = log;
    this.byNeuron = byNeuron;
    this.out = out;
    this.in = in;
    this.head = head;
    long links = head.get().linkCount();
    this.made = new KeyFilter(Math.max(KeyFilter.FIRST_SEGMENT_KEYS, 2 * links));
    log.replay(0, (seq, neuron, from, to, height) -> made.add(filterKey(neuron, from, to)));
  }

  /** A link's key in the filter: neuron ‖ from ‖ to. */
  private static byte[] filterKey(byte[] neuron, int from, int to) {
    // by hand: a ByteBuffer per link was ~4% of applying a block (allocation, bounds checks)
    byte[] key = java.util.Arrays.copyOf(neuron, neuron.length + 8);
    Keys.putU32(key, neuron.length, from);
    Keys.putU32(key, neuron.length + 4, to);
    return key;
  }

  /** Called by the writer for each link of a block before the block is written. */
  void noteLink(byte[] neuron, int from, int to) {
    made.add(filterKey(neuron, from, to));
  }

  /** Bytes the links' filter holds. */
  public long filterBytes() {
    return made.bytes();
  }

  /** The neuron's links committed at heights {@code fromHeight..toHeight} (inclusive), in seq order. */
  public List<LinkRecord> byNeuron(
      byte[] neuron, long fromHeight, long toHeight, long afterSeq, int limit) {
    checkPage(afterSeq, limit);
    if (neuron.length != LinkLog.NEURON_BYTES) {
      throw new IllegalArgumentException("a neuron address has 20 bytes, got " + neuron.length);
    }
    MetaTable.Head now = head.get();
    long first = Math.max(1, fromHeight);
    long last = Math.min(now.height(), toHeight);
    if (first > last || afterSeq == Long.MAX_VALUE) { // nothing comes after the largest seq
      return List.of();
    }
    long fromSeq = Math.max(firstSeqOf(first), afterSeq + 1);
    long toSeq = last == now.height() ? now.linkCount() : firstSeqOf(last + 1);
    return log.records(byNeuron.seqs(neuron, fromSeq, toSeq, limit));
  }

  /** Links out of {@code particle}, ordered by target particle index, then seq. */
  public List<LinkRecord> outOf(int particle, long afterSeq, int limit) {
    checkPage(afterSeq, limit);
    checkParticle(particle);
    int afterTarget = 0;
    if (afterSeq >= 0) {
      LinkLog.Entry after = log.entry(afterSeq);
      if (after == null || after.from() != particle) {
        throw new IllegalArgumentException(
            "paging cursor " + afterSeq + " is not a link out of particle " + particle);
      }
      afterTarget = after.to();
    }
    return log.records(out.seqs(particle, afterTarget, afterSeq, limit));
  }

  /** Links into {@code particle}, ordered by source particle index, then seq. */
  public List<LinkRecord> into(int particle, long afterSeq, int limit) {
    checkPage(afterSeq, limit);
    checkParticle(particle);
    int afterSource = 0;
    if (afterSeq >= 0) {
      LinkLog.Entry after = log.entry(afterSeq);
      if (after == null || after.to() != particle) {
        throw new IllegalArgumentException(
            "paging cursor " + afterSeq + " is not a link into particle " + particle);
      }
      afterSource = after.from();
    }
    return log.records(in.seqs(particle, afterSource, afterSeq, limit));
  }

  /** Every link from {@code from} to {@code to}: who linked the pair, when and in which tx; seq order. */
  public List<LinkRecord> between(int from, int to, long afterSeq, int limit) {
    checkPage(afterSeq, limit);
    checkParticle(from);
    checkParticle(to);
    return log.records(out.pairSeqs(from, to, afterSeq, limit));
  }

  /**
   * True when {@code neuron} has linked {@code from → to} (the application's duplicate-link
   * check): "no" without a read when the filter rules the link out (a new link, the common
   * case), otherwise a prefix scan of the pair's links, reading only their neurons.
   */
  public boolean hasLink(byte[] neuron, int from, int to) {
    if (from < 0 || to < 0 || !made.mightContain(filterKey(neuron, from, to))) {
      return false;
    }
    long after = -1;
    while (true) {
      long[] seqs = out.pairSeqs(from, to, after, 256);
      for (long seq : seqs) {
        LinkLog.Entry e = log.entry(seq);
        if (e != null && java.util.Arrays.equals(e.neuron(), neuron)) {
          return true;
        }
      }
      if (seqs.length < 256) {
        return false;
      }
      after = seqs[seqs.length - 1];
    }
  }

  private long firstSeqOf(long height) {
    return blocks
        .info(height)
        .orElseThrow(() -> new StoreException("block info of height " + height + " is missing"))
        .firstLinkSeq();
  }

  private static void checkParticle(int particle) {
    if (particle < 0) {
      throw new IllegalArgumentException("particle index must be >= 0, got " + particle);
    }
  }

  private static void checkPage(long afterSeq, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("page limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
    if (afterSeq < -1) {
      throw new IllegalArgumentException("paging cursor must be -1 or a link seq, got " + afterSeq);
    }
  }
}
