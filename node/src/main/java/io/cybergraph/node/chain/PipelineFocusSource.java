package io.cybergraph.node.chain;

import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.node.sync.FocusSource;
import io.cybergraph.node.sync.ServedFocus;
import io.cybergraph.store.ChainStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The focus vectors a node serves for rank snapshot sync, for heights g whose committing
 * header g + lag it stores: those its rank pipeline keeps (the last lag + 1 computed), else
 * those in its store (the last lag + 1 persisted; right after a restart the pipeline keeps only
 * one).
 *
 * <p>A chunk is read from the kept snapshot or the store when it is served, nothing else: a
 * peer asking for chunks of heights in turn made the node copy the whole vector and every
 * particle text at each request. A stored vector's values are read once per height and kept
 * (at most lag + 1 of them, the heights the store has), since a peer asks for it chunk by chunk.
 */
public final class PipelineFocusSource implements FocusSource {
  private final RankPipeline rank;
  private final ChainStore store;
  private final int lag;
  /** Values of stored vectors by height, the last lag + 1 read. */
  private final Map<Long, long[]> storedValues;

  public PipelineFocusSource(RankPipeline rank, ChainStore store, int lag) {
    this.rank = rank;
    this.store = store;
    this.lag = lag;
    this.storedValues = new LinkedHashMap<>(8, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
        return size() > lag + 1;
      }
    };
  }

  @Override
  public int lag() {
    return lag;
  }

  @Override
  public Optional<ServedFocus> newest() {
    long stored = store.latestHeight();
    for (long g = stored - lag; g >= 1 && g >= rank.earliestKept(); g--) {
      Optional<RankSnapshot> s = rank.at(g);
      if (s.isPresent()) {
        return Optional.of(served(s.get()));
      }
    }
    List<Long> heights = store.focus().heights();
    for (int i = heights.size() - 1; i >= 0; i--) {
      long g = heights.get(i);
      if (g >= 1 && g + lag <= stored) {
        return fromStore(g);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<ServedFocus> at(long height) {
    if (height < 1 || height + lag > store.latestHeight()) {
      return Optional.empty();
    }
    Optional<RankSnapshot> s = rank.at(height);
    return s.isPresent() ? Optional.of(served(s.get())) : fromStore(height);
  }

  /** A kept snapshot as served: it is immutable, so chunks are read from it directly. */
  private static ServedFocus served(RankSnapshot s) {
    return ServedFocus.of(s.height(), s.particles(), (from, to) -> {
      long[] out = new long[to - from];
      for (int i = from; i < to; i++) {
        out[i - from] = s.focus(i);
      }
      return out;
    }, (from, to) -> {
      String[] out = new String[to - from];
      for (int i = from; i < to; i++) {
        out[i - from] = s.cid(i);
      }
      return out;
    });
  }

  /** A stored vector as served: its values read once, its particle texts chunk by chunk. */
  private Optional<ServedFocus> fromStore(long height) {
    long[] values = storedValues(height);
    if (values == null) {
      return Optional.empty();
    }
    return Optional.of(ServedFocus.of(height, values.length,
        (from, to) -> Arrays.copyOfRange(values, from, to), (from, to) -> {
          String[] out = new String[to - from];
          store.particles().forEach(from, to, p -> out[p.index() - from] = p.text());
          return out;
        }));
  }

  /** The stored vector of {@code height}, null if there is none that this store can serve. */
  private long[] storedValues(long height) {
    synchronized (storedValues) {
      long[] kept = storedValues.get(height);
      if (kept != null) {
        return kept;
      }
    }
    Optional<long[]> values = store.focus().at(height);
    if (values.isEmpty() || values.get().length > store.particleCount()) {
      return null;
    }
    synchronized (storedValues) {
      storedValues.put(height, values.get());
    }
    return values.get();
  }
}
