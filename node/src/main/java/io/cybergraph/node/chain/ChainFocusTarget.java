package io.cybergraph.node.chain;

import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.sync.FocusTarget;
import io.cybergraph.node.sync.VerifiedFocus;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.FetchedFocus;

/**
 * Where rank snapshot sync puts a verified focus: the store (one synced batch with the vector
 * and what it was checked against, so a node restarted while catching up takes it up without
 * fetching again; {@code RankRestore} reads it) and the rank pipeline ({@link
 * RankPipeline#deferTo}).
 */
public final class ChainFocusTarget implements FocusTarget {
  private final ChainStore store;
  private final RankPipeline rank;
  private final int lag;

  public ChainFocusTarget(ChainStore store, RankPipeline rank, int lag) {
    this.store = store;
    this.rank = rank;
    this.lag = lag;
  }

  @Override
  public int lag() {
    return lag;
  }

  @Override
  public boolean pending() {
    return rank.deferredHeight() > 0;
  }

  @Override
  public boolean install(VerifiedFocus focus) {
    if (focus.height() <= rank.submittedHeight() || pending()) {
      return false;
    }
    try {
      rank.deferTo(focus.height(), focus.values(), focus.root(), focus.headerHeight());
    } catch (IllegalStateException e) {
      return false; // consensus submitted the height in between: computing it is right
    }
    // stored only once taken: a record of a focus the pipeline refused would make a restart
    // within L blocks treat every height below it as skipped. A kill -9 between the two loses
    // the fetched focus: the restarted node fetches again or computes.
    store.focus().putFetched(
        new FetchedFocus(focus.height(), focus.headerHeight(), focus.root()), focus.values());
    return true;
  }
}
