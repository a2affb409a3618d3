package io.cybergraph.node.chain;

import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.node.sync.FocusSource;
import io.cybergraph.node.sync.ServedFocus;
import io.cybergraph.store.ChainStore;
import java.util.List;
import java.util.Optional;

/**
 * The focus vectors a node serves for rank snapshot sync, for heights g whose committing
 * header g + lag it stores: those its rank pipeline keeps (the last lag + 1 computed), else
 * those in its store (the last lag + 1 persisted; right after a restart the pipeline keeps only
 * one). The last one read from the store is cached, since a peer asks for it chunk by chunk.
 */
public final class PipelineFocusSource implements FocusSource {
  private final RankPipeline rank;
  private final ChainStore store;
  private final int lag;
  private volatile ServedFocus cached;

  public PipelineFocusSource(RankPipeline rank, ChainStore store, int lag) {
    this.rank = rank;
    this.store = store;
    this.lag = lag;
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
    ServedFocus c = cached;
    if (c != null && c.height() == height) {
      return Optional.of(c);
    }
    Optional<RankSnapshot> s = rank.at(height);
    return s.isPresent() ? Optional.of(served(s.get())) : fromStore(height);
  }

  private ServedFocus served(RankSnapshot s) {
    ServedFocus c = cached;
    if (c != null && c.height() == s.height()) {
      return c;
    }
    String[] cids = new String[s.particles()];
    for (int i = 0; i < cids.length; i++) {
      cids[i] = s.cid(i);
    }
    ServedFocus f = new ServedFocus(s.height(), s.focus(), cids);
    cached = f;
    return f;
  }

  private Optional<ServedFocus> fromStore(long height) {
    ServedFocus c = cached;
    if (c != null && c.height() == height) {
      return Optional.of(c);
    }
    Optional<long[]> values = store.focus().at(height);
    if (values.isEmpty() || values.get().length > store.particleCount()) {
      return Optional.empty();
    }
    String[] cids = new String[values.get().length];
    store.particles().forEach(0, cids.length, p -> cids[p.index()] = p.text());
    ServedFocus f = new ServedFocus(height, values.get(), cids);
    cached = f;
    return Optional.of(f);
  }
}
