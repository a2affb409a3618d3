package io.cybergraph.node.chain;

import io.cybergraph.node.app.BlockExecution;
import io.cybergraph.node.app.StakeChange;
import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.state.ExecutedLink;
import io.cybergraph.node.evidence.BlockEvidence;
import io.cybergraph.node.mempool.Mempool;
import io.cybergraph.node.mempool.MempoolUpdate;
import io.cybergraph.node.rankpipe.RankBlock;
import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.CommittedBlock;
import io.cybergraph.store.NewEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where a block is written: the one place that makes a decided block committed. In order:
 *
 * <ol>
 *   <li>the application state commits the block's execution with its store record: the store
 *       writes the block, its commit, txs, links with their indices, accounts, the focus vectors
 *       computed since the last block, the block's evidence (leaving the pending pool) and the
 *       links frontier in one batch (after a crash the block is all there or not at all), then
 *       the state takes the execution;
 *   <li>the mempool drops the block's txs and rechecks the rest;
 *   <li>the rank pipeline gets the block's links and stakes;
 *   <li>listeners hear about it.
 * </ol>
 *
 * <p>Focus vectors: the store keeps those of the last lag + 1 computed heights; older ones are
 * deleted in the same batch.
 */
public final class BlockCommitter {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlockCommitter.class);
  private final ChainStore store;
  private final AppState state;
  private final Mempool mempool;
  private final RankPipeline rank;
  private final int lag;
  private final TreeSet<Long> persistedFocus;
  private final List<Long> pendingFocus = new ArrayList<>();
  private final TreeSet<Long> pendingPrune = new TreeSet<>();
  private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
  private volatile ChainHead head;
  /** 1: every block's batch is synced; N > 1: only every N-th height's (block sync catch-up). */
  private int syncEvery = 1;

  public BlockCommitter(
      ChainStore store, AppState state, Mempool mempool, RankPipeline rank, int lag, ChainHead head) {
    this.store = store;
    this.state = state;
    this.mempool = mempool;
    this.rank = rank;
    this.lag = lag;
    this.head = head;
    this.persistedFocus = new TreeSet<>(store.focus().heights());
  }

  public void addListener(CommitListener listener) {
    listeners.add(listener);
  }

  /**
   * Block sync's catch-up mode: with {@code blocks} > 1, only heights divisible by it are
   * written with an fsync, the others into the WAL without one (atomic, and kept when the process
   * is killed; an OS crash may lose the unsynced tail, which the node fetches again). Back to 1:
   * the WAL is synced at once, so everything committed so far is durable.
   */
  public synchronized void syncEvery(int blocks) {
    if (blocks < 1) {
      throw new IllegalArgumentException("sync every " + blocks + " blocks");
    }
    if (blocks == 1 && syncEvery > 1) {
      store.syncWal();
    }
    syncEvery = blocks;
  }

  /** The last committed block. */
  public ChainHead head() {
    return head;
  }

  /**
   * Commits the block after {@link #head()}.
   *
   * @param block the decided block
   * @param blockBytes its encoding ({@code Protobufs.encode(block)}), which the store keeps
   * @param blockId its ID
   * @param commit the commit that finalised it
   * @param execution its execution on the committed state
   * @param rankAtHeader the focus of the header's {@code rank_height}
   * @param startedNanos when making this block started (System.nanoTime, for the log)
   */
  public synchronized BlockCommitted commit(
      Block block,
      byte[] blockBytes,
      BlockID blockId,
      Commit commit,
      BlockExecution execution,
      RankSnapshot rankAtHeader,
      long startedNanos) {
    ChainHead previous = head;
    long height = previous.height() + 1;
    if (block.getHeader().getHeight() != height || execution.height() != height) {
      throw new IllegalStateException(
          "block " + block.getHeader().getHeight() + " does not follow height " + previous.height());
    }
    long t0 = System.nanoTime();
    CommittedBlock record = storeBlock(block, blockId, blockBytes, commit, execution);
    long t1 = System.nanoTime();
    state.commit(execution, record, syncEvery == 1 || height % syncEvery == 0);
    focusWritten();
    long t2 = System.nanoTime();
    MempoolUpdate update = mempool.update(height, execution.txHashes());
    long t3 = System.nanoTime();
    rank.submit(rankBlock(execution));
    if (LOG.isDebugEnabled()) {
      LOG.debug("height {}: store record built in {} ms, stored and state committed in {} ms,"
          + " mempool rechecked {} txs in {} ms",
          height, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, update.pending(),
          (t3 - t2) / 1_000_000);
    }
    ChainHead next =
        new ChainHead(height, blockId, block.getHeader(), commit,
            previous.linkCount() + execution.links().size(), execution.linksRoot(),
            execution.accountsRoot(), execution.resultsHash(), execution.appHash());
    head = next;
    long interval =
        previous.header() == null ? 0 : block.getHeader().getTimeNs() - previous.header().getTimeNs();
    BlockCommitted event =
        new BlockCommitted(next, block, blockBytes.length, execution, update, rankAtHeader,
            interval, System.nanoTime() - startedNanos, syncEvery > 1);
    for (CommitListener l : listeners) {
      l.committed(event);
    }
    return event;
  }

  private CommittedBlock storeBlock(
      Block block, BlockID blockId, byte[] blockBytes, Commit commit, BlockExecution execution) {
    CommittedBlock.Builder b =
        execution.storeRecord(blockId.getHash().toByteArray(), blockBytes, Protobufs.encode(commit));
    // keep the focus of the newest lag + 1 heights: write the new ones among them, prune the rest
    List<RankSnapshot> computed = rank.drainUnpersisted();
    long newest = persistedFocus.isEmpty() ? 0 : persistedFocus.last();
    for (RankSnapshot s : computed) {
      newest = Math.max(newest, s.height());
    }
    long keepFrom = newest - lag;
    for (RankSnapshot s : computed) {
      if (s.height() >= keepFrom && !persistedFocus.contains(s.height())) {
        b.focus(s.height(), s.focus());
        pendingFocus.add(s.height());
      }
    }
    pendingPrune.addAll(persistedFocus.headSet(keepFrom));
    b.pruneFocus(pendingPrune.stream().mapToLong(Long::longValue).toArray());
    // evidence was verified with the block; its pending entries leave in this batch
    for (NewEvidence e : BlockEvidence.toStore(block)) {
      b.evidence(e);
    }
    return b.build();
  }

  /** After the batch is durable: the store now holds these focus heights. */
  private void focusWritten() {
    persistedFocus.addAll(pendingFocus);
    persistedFocus.removeAll(pendingPrune);
    pendingFocus.clear();
    pendingPrune.clear();
  }

  private static RankBlock rankBlock(BlockExecution execution) {
    List<RankBlock.Link> links = new ArrayList<>(execution.links().size());
    for (ExecutedLink l : execution.links()) {
      links.add(new RankBlock.Link(l.neuronText(), l.from().text(), l.to().text()));
    }
    List<RankBlock.Stake> stakes = new ArrayList<>(execution.stakeChanges().size());
    for (StakeChange s : execution.stakeChanges()) {
      stakes.add(new RankBlock.Stake(s.neuron(), s.stake()));
    }
    return new RankBlock(execution.height(), links, stakes);
  }
}
