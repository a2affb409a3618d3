package io.cybergraph.node.rankpipe;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.Message;
import io.cybergraph.proto.pb.TxBody;
import io.cybergraph.rank.RankEngine;
import io.cybergraph.rank.RankParams;
import io.cybergraph.store.BlockInfo;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.FetchedFocus;
import io.cybergraph.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the rank pipeline of a node that restarts at height H. The store keeps the focus of
 * the last heights (lag + 1 of them, in the blocks' batches); the newest at or below H + 1 − L
 * (the rank height the next header names), g0, is where the engine resumes, so that the heights
 * later headers name are recomputed and kept (at most L − 1 of them), nothing older:
 *
 * <ol>
 *   <li>stakes at g0: the balances at H with the Sends of blocks g0+1..H undone (a Send only
 *       moves balance, so this is exact);
 *   <li>the graph at g0: the link log up to the end of block g0, particles by their stored
 *       texts (their store indices are the engine's: both count first appearances);
 *   <li>{@link RankEngine#resume} with the stored focus of g0, checked against the rank root of
 *       header g0 + L when that header exists;
 *   <li>blocks g0+1..H queued for the pipeline to compute (their links from the log, their stake
 *       changes from their Sends), each checked against header g + L when it exists.
 * </ol>
 */
public final class RankRestore {
  private static final Logger LOG = LoggerFactory.getLogger(RankRestore.class);

  private final ChainStore store;
  private final int lag;
  private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

  private final java.util.Set<ByteKey> neurons = new java.util.HashSet<>();

  public RankRestore(ChainStore store, int lag) {
    this.store = store;
    this.lag = lag;
  }

  /**
   * Builds the pipeline for the store's latest height.
   *
   * @param params the genesis rank parameters
   * @param threads engine threads
   * @param balancesAtHead every account's balance after the store's latest height
   * @param listener the pipeline's listener
   * @throws RankHaltException if the stored focus disagrees with a committed header
   */
  public RankPipeline restore(
      RankParams params,
      int threads,
      Map<ByteKey, Long> balancesAtHead,
      RankPipeline.Listener listener) {
    long started = System.nanoTime();
    long head = store.latestHeight();
    long g0 = resumeHeight(head);
    List<List<Send>> sends = new ArrayList<>(); // sends of blocks g0+1..head
    for (long g = g0 + 1; g <= head; g++) {
      sends.add(sendsOf(g));
    }
    TreeMap<ByteKey, Long> balances = new TreeMap<>(balancesAtHead);
    for (int i = sends.size() - 1; i >= 0; i--) {
      for (Send s : sends.get(i)) {
        balances.merge(s.from(), s.amount(), Long::sum);
        balances.merge(s.to(), -s.amount(), Long::sum);
      }
    }

    RankEngine engine = new RankEngine(params, threads);
    try {
      for (Map.Entry<ByteKey, Long> e : balances.entrySet()) {
        if (e.getValue() < 0) {
          throw new StoreException(
              "undoing sends gives account " + e.getKey().hex() + " a negative balance at height "
                  + g0 + ": the store's blocks and accounts disagree");
        }
        if (e.getValue() > 0) {
          engine.setStake(Address.toBech32(e.getKey().bytes()), e.getValue());
        }
      }
      String[] texts = particleTexts();
      long endOfG0 = g0 == 0 ? 0 : endSeq(g0);
      Map<ByteKey, String> bech32 = new HashMap<>();
      TreeMap<Long, List<RankBlock.Link>> later = new TreeMap<>();
      RestoreProgress progress =
          new RestoreProgress(store.linkCount(), PROGRESS_INTERVAL_NANOS, System::nanoTime);
      store.links().replay(0, (seq, neuron, from, to, height) -> {
        String line = progress.read(seq + 1);
        if (line != null) {
          LOG.info(line);
        }
        String who = bech32.computeIfAbsent(ByteKey.of(neuron), k -> {
          neurons.add(k);
          return Address.toBech32(k.bytes());
        });
        if (seq < endOfG0) {
          engine.addLink(who, texts[from], texts[to]);
        } else if (height <= head) {
          later.computeIfAbsent(height, k -> new ArrayList<>())
              .add(new RankBlock.Link(who, texts[from], texts[to]));
        }
      });
      RankSnapshot start = resume(engine, g0);

      List<RankBlock> pending = new ArrayList<>();
      for (long g = g0 + 1; g <= head; g++) {
        TreeMap<ByteKey, Long> before = new TreeMap<>();
        for (Send s : sends.get((int) (g - g0 - 1))) {
          before.putIfAbsent(s.from(), balances.getOrDefault(s.from(), 0L));
          before.putIfAbsent(s.to(), balances.getOrDefault(s.to(), 0L));
          balances.merge(s.from(), -s.amount(), Long::sum);
          balances.merge(s.to(), s.amount(), Long::sum);
        }
        List<RankBlock.Stake> stakes = new ArrayList<>();
        for (Map.Entry<ByteKey, Long> b : before.entrySet()) {
          long now = balances.getOrDefault(b.getKey(), 0L);
          if (now != b.getValue()) {
            stakes.add(new RankBlock.Stake(Address.toBech32(b.getKey().bytes()), now));
          }
        }
        pending.add(new RankBlock(g, later.getOrDefault(g, List.of()), stakes));
      }

      RankPipeline pipeline = new RankPipeline(engine, start, lag + 1, listener);
      for (long h = Math.max(1, g0 + lag); h <= head; h++) {
        Header header = header(h);
        long rankHeight = header.getRankHeight();
        if (rankHeight > 0 && rankHeight >= g0) {
          pipeline.expect(rankHeight, header.getRankRoot().toByteArray(), h);
        }
      }
      deferToFetched(pipeline, head);
      for (RankBlock b : pending) {
        pipeline.submit(b);
      }
      LOG.info(
          "rank restored at height {} from the stored focus ({} particles, {} links) in {} ms;"
              + " {} heights to recompute",
          g0, start.particles(), start.links(), (System.nanoTime() - started) / 1_000_000,
          pending.size());
      return pipeline;
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /**
   * The stored focus to resume from: the newest at or below {@code head + 1 − lag}, the rank
   * height the next header names, so that every height a later header may name is recomputed
   * and kept (resuming from the newest stored focus left the pipeline without the lag − 2
   * heights before it when lag ≥ 3, and the next block halted on them). The store keeps the
   * focus of the last lag + 1 heights; when none is that old (a rank snapshot was taken up
   * since), the oldest stored one.
   */
  private long resumeHeight(long head) {
    long needed = Math.max(0, head + 1 - lag);
    long newestNeeded = -1;
    long oldest = -1;
    for (long h : store.focus().heights()) {
      if (h > head) {
        continue; // a fetched focus above the store: deferToFetched
      }
      if (h <= needed) {
        newestNeeded = Math.max(newestNeeded, h);
      }
      oldest = oldest < 0 ? h : Math.min(oldest, h);
    }
    if (newestNeeded >= 0) {
      return newestNeeded;
    }
    return Math.max(0, oldest);
  }

  /**
   * A focus fetched by rank snapshot sync for a height the store has not reached (the node was
   * stopped while catching up): the pipeline takes it up there instead of computing up to it.
   */
  private void deferToFetched(RankPipeline pipeline, long head) {
    Optional<FetchedFocus> fetched = store.focus().fetched();
    if (fetched.isEmpty() || fetched.get().headerHeight() <= head) {
      return;
    }
    FetchedFocus f = fetched.get();
    if (f.height() <= head) {
      // taken up already; the headers up to the one that commits to it name skipped heights
      pipeline.skipBelow(f.height());
      return;
    }
    long[] focus = store.focus().at(f.height()).orElseThrow(() -> new StoreException(
        "the fetched focus of height " + f.height() + " is recorded but not stored"));
    pipeline.deferTo(f.height(), focus, f.root(), f.headerHeight());
    LOG.info("rank: the store holds a focus fetched for height {} (checked against header {});"
        + " it is taken up there", f.height(), f.headerHeight());
  }

  /** After {@link #restore}: every neuron that made a link in the store. */
  public java.util.Set<ByteKey> neuronsWithLinks() {
    return java.util.Collections.unmodifiableSet(neurons);
  }

  private RankSnapshot resume(RankEngine engine, long g0) {
    if (g0 == 0) {
      return RankSnapshot.empty(0);
    }
    long t = System.nanoTime();
    long[] focus =
        store.focus().at(g0).orElseThrow(() -> new StoreException("focus of " + g0 + " vanished"));
    try {
      engine.resume(focus);
    } catch (IllegalArgumentException e) {
      throw new RankHaltException(g0, "stored focus of height " + g0 + " does not fit the graph: "
          + e.getMessage(), e);
    }
    return new RankSnapshot(
        g0, engine.focus(), engine.graph().particleIds(), engine.tree(), engine.karma(),
        engine.graph().linkCount(), 0, 0, System.nanoTime() - t, engine.graph().linkView());
  }

  private String[] particleTexts() {
    String[] texts = new String[store.particleCount()];
    store.particles().forEach(0, texts.length, p -> texts[p.index()] = p.text());
    for (int i = 0; i < texts.length; i++) {
      if (texts[i] == null) {
        throw new StoreException("particle " + i + " is missing from the store");
      }
    }
    return texts;
  }

  private long endSeq(long height) {
    BlockInfo info = store.blocks().info(height)
        .orElseThrow(() -> new StoreException("block info of height " + height + " is missing"));
    return info.firstLinkSeq() + info.linkCount();
  }

  private Header header(long height) {
    return block(height).getHeader();
  }

  private Block block(long height) {
    byte[] bytes = store.blocks().block(height)
        .orElseThrow(() -> new StoreException("block " + height + " is missing"));
    try {
      return Block.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("block " + height + " does not parse: " + e.getMessage(), e);
    }
  }

  private record Send(ByteKey from, ByteKey to, long amount) {}

  private List<Send> sendsOf(long height) {
    List<Send> out = new ArrayList<>();
    for (com.google.protobuf.ByteString tx : block(height).getData().getTxsList()) {
      TxBody body = TxCodec.decode(tx.toByteArray()).body();
      ByteKey from = ByteKey.of(Address.fromPublicKey(body.getPublicKey().toByteArray()));
      for (Message m : body.getMessagesList()) {
        if (m.hasSend()) {
          out.add(new Send(from, ByteKey.of(m.getSend().getTo().toByteArray()),
              m.getSend().getAmount()));
        }
      }
    }
    return out;
  }
}
