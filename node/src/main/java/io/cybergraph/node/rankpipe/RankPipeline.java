package io.cybergraph.node.rankpipe;

import io.cybergraph.rank.BlockResult;
import io.cybergraph.rank.RankEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * π* every block, pipelined (design "Rank in the chain"): committed blocks are queued here and
 * one thread, which owns the {@link RankEngine}, feeds each block's links and stakes to the
 * engine and runs its block step while later blocks are made. The block producer waits only
 * when it needs the root of height h − L for header h ({@link #await}); RPC reads the latest
 * {@link RankSnapshot} and never waits.
 *
 * <p>Roots that committed headers carry are registered with {@link #expect}; a computed root
 * that differs halts the pipeline with a {@link RankHaltException} naming the height, and the
 * node stops.
 *
 * <p>The queue holds at most the blocks between the computed height and the committed one,
 * which the lag bounds (the producer waits for height h − L before making block h).
 */
public final class RankPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RankPipeline.class);

  /** Told about each computed focus and about a halt; called on the rank thread. */
  public interface Listener {
    void computed(RankSnapshot snapshot);

    void halted(RankHaltException error);
  }

  private record Expected(byte[] root, long headerHeight) {}

  /**
   * A focus fetched from peers (rank snapshot sync, docs/sync.md): blocks up to {@code height}
   * only feed the graph; at {@code height} the engine takes up {@code focus}, which must have
   * {@code root} (the rank root committed in the header at {@code headerHeight}).
   */
  private record Deferral(long height, long[] focus, byte[] root, long headerHeight) {}

  private final RankEngine engine;
  private final int keep;
  private final Listener listener;
  private final LinkedBlockingQueue<RankBlock> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  // guarded by this
  private final ArrayDeque<RankSnapshot> kept = new ArrayDeque<>();
  private final List<RankSnapshot> unpersisted = new ArrayList<>();
  private final TreeMap<Long, Expected> expected = new TreeMap<>();
  private long submitted;
  private Deferral deferral;
  /**
   * Ranges of heights never computed here (snapshot sync), each {after, before}, exclusive: one
   * per snapshot taken up (at start, or at run time after falling behind), one per restart that
   * resumed from a snapshot's focus.
   */
  private final List<long[]> skippedRanges = new ArrayList<>();
  private RankHaltException failure;
  private boolean closed;
  private volatile RankSnapshot latest;

  /**
   * @param engine the engine, holding the graph, stakes and focus of {@code start.height()}
   *     (this pipeline owns it from now on and closes it)
   * @param start the snapshot of that focus
   * @param keep how many latest snapshots to keep for queries (lag + 1)
   */
  public RankPipeline(RankEngine engine, RankSnapshot start, int keep, Listener listener) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least one snapshot");
    }
    this.engine = engine;
    this.keep = keep;
    this.listener = listener;
    this.latest = start;
    this.kept.add(start);
    this.submitted = start.height();
    this.thread = new Thread(this::run, "rank");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Queues a committed block; heights must follow one another. */
  public synchronized void submit(RankBlock block) {
    if (closed) {
      return;
    }
    if (block.height() != submitted + 1) {
      throw new IllegalStateException(
          "rank block " + block.height() + " submitted after " + submitted);
    }
    submitted = block.height();
    queue.add(block);
  }

  /**
   * Rank snapshot sync: instead of running the block step for every height up to {@code
   * height}, take up the given focus there. Blocks after the latest computed height up to
   * {@code height} only add their links and stakes to the graph; when block {@code height} has
   * been added, the engine resumes from {@code focus}, whose rank root must be {@code root}
   * (else the pipeline halts: this node's graph differs from the chain's); later blocks are
   * computed as usual. The heights skipped in between never get a focus ({@link #skipped}).
   *
   * @throws IllegalStateException if {@code height} has already been submitted, or a deferral is
   *     pending
   */
  public synchronized void deferTo(long height, long[] focus, byte[] root, long headerHeight) {
    if (height <= submitted) {
      throw new IllegalStateException(
          "rank snapshot of height " + height + " comes too late: block " + submitted
              + " is already submitted");
    }
    if (deferral != null) {
      throw new IllegalStateException("a rank snapshot of height " + deferral.height()
          + " is already waiting to be installed");
    }
    deferral = new Deferral(height, focus.clone(), root.clone(), headerHeight);
    // earlier ranges stay: headers may still commit to their heights
    skippedRanges.add(new long[] {latest.height(), height});
    LOG.info("rank: heights {}..{} will not be computed; the focus of {} comes from a snapshot",
        latest.height() + 1, height - 1, height);
    notifyAll(); // a thread in await() for a height now skipped would otherwise wait forever
  }

  /**
   * True for a height whose focus this node never computes (between the last computed height
   * and an installed snapshot's): a header that commits to it is not checked against this node.
   */
  public synchronized boolean skipped(long height) {
    for (long[] r : skippedRanges) {
      if (height > r[0] && height < r[1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Marks the heights below {@code height} (and above the start) as never computed here: for a
   * node restarted after taking up a snapshot at {@code height} but before the header that
   * committed to it, whose next headers commit to heights it skipped.
   */
  public synchronized void skipBelow(long height) {
    skippedRanges.add(new long[] {0, height});
  }

  /** The height of a snapshot waiting to be installed, or 0. */
  public synchronized long deferredHeight() {
    return deferral == null ? 0 : deferral.height();
  }

  /** The last height submitted (the committed height once the node runs). */
  public synchronized long submittedHeight() {
    return submitted;
  }

  /**
   * Registers the rank root a committed header (at {@code headerHeight}) carries for {@code
   * height}; checked when that focus is computed, or at once if it already is.
   */
  public void expect(long height, byte[] root, long headerHeight) {
    RankSnapshot computed;
    synchronized (this) {
      computed = find(height);
      if (computed == null) {
        if (height > latest.height()) {
          expected.put(height, new Expected(root.clone(), headerHeight));
        }
        return;
      }
    }
    check(computed, new Expected(root, headerHeight));
  }

  /** The latest computed focus (never waits). */
  public RankSnapshot latest() {
    return latest;
  }

  /** A kept snapshot of {@code height}, if it is among the last {@code keep} computed. */
  public synchronized Optional<RankSnapshot> at(long height) {
    return Optional.ofNullable(find(height));
  }

  /** The lowest height still kept. */
  public synchronized long earliestKept() {
    return kept.peekFirst().height();
  }

  /**
   * Waits until the focus of {@code height} is computed and returns it.
   *
   * @throws RankHaltException if the pipeline halted or closed first
   * @throws RankSkippedException if the height is skipped, or becomes so while this waits
   */
  public synchronized RankSnapshot await(long height) throws InterruptedException {
    if (skipped(height)) {
      throw new RankSkippedException(height);
    }
    while (latest.height() < height) {
      if (skipped(height)) {
        // also when a snapshot is taken up while this waits (a run-time fetch): the rank thread
        // then only feeds the blocks up to the snapshot's, which may wait for this very caller
        throw new RankSkippedException(height);
      }
      if (failure != null) {
        throw failure;
      }
      if (closed) {
        throw new RankHaltException(height, "rank pipeline closed");
      }
      wait();
    }
    if (failure != null) {
      throw failure;
    }
    RankSnapshot s = find(height);
    if (s == null) {
      throw new IllegalStateException(
          "focus of height " + height + " is no longer kept (latest " + latest.height() + ")");
    }
    return s;
  }

  /**
   * The snapshots computed since the last call, oldest first: their focus vectors go into the
   * next block's batch.
   */
  public synchronized List<RankSnapshot> drainUnpersisted() {
    List<RankSnapshot> out = List.copyOf(unpersisted);
    unpersisted.clear();
    return out;
  }

  /** The halt, if the pipeline halted. */
  public synchronized Optional<RankHaltException> failure() {
    return Optional.ofNullable(failure);
  }

  private RankSnapshot find(long height) {
    for (RankSnapshot s : kept) {
      if (s.height() == height) {
        return s;
      }
    }
    return null;
  }

  private void run() {
    try {
      while (true) {
        RankBlock block = queue.take();
        Deferral d;
        synchronized (this) {
          d = deferral;
        }
        if (d != null && block.height() < d.height()) {
          feed(block); // its focus is skipped
          continue;
        }
        RankSnapshot s = d != null && block.height() == d.height() ? install(block, d) : compute(block);
        Expected e;
        synchronized (this) {
          e = expected.remove(s.height());
          expected.headMap(s.height()).clear();
        }
        if (e != null) {
          check(s, e); // before anyone can use it
        }
        synchronized (this) {
          if (closed) {
            return;
          }
          kept.addLast(s);
          while (kept.size() > keep) {
            kept.removeFirst();
          }
          unpersisted.add(s);
          latest = s;
          if (deferral != null && s.height() < deferral.height()) {
            // computed while a snapshot was being taken up (deferTo came during its step): its
            // focus exists, so the new skipped range starts after it
            long[] range = skippedRanges.get(skippedRanges.size() - 1);
            range[0] = Math.max(range[0], s.height());
          }
          notifyAll();
        }
        listener.computed(s);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RankHaltException e) {
      halt(e);
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        if (closed) {
          return;
        }
      }
      halt(new RankHaltException(submittedHeight(), "rank computation failed: " + e, e));
    }
  }

  private void feed(RankBlock block) {
    for (RankBlock.Link l : block.links()) {
      engine.addLink(l.neuron(), l.from(), l.to());
    }
    // the block's stakes come in address order: lowered first, or a large Send to an address
    // that sorts before the sender's would pass a total above 2^62 and halt every node
    for (RankBlock.Stake s :
        engine.graph().loweringFirst(block.stakes(), RankBlock.Stake::neuron, RankBlock.Stake::stake)) {
      engine.setStake(s.neuron(), s.stake());
    }
  }

  /** Block {@code d.height()}: its links and stakes, then the snapshot's focus instead of a step. */
  private RankSnapshot install(RankBlock block, Deferral d) {
    long t = System.nanoTime();
    feed(block);
    try {
      engine.resume(d.focus());
    } catch (IllegalArgumentException e) {
      throw new RankHaltException(d.height(), "the rank snapshot of height " + d.height()
          + " does not fit this node's graph: " + e.getMessage(), e);
    }
    RankSnapshot s = new RankSnapshot(
        block.height(), engine.focus(), engine.graph().particleIds(), engine.tree(),
        engine.karma(), engine.graph().linkCount(), 0, 0, System.nanoTime() - t,
        engine.graph().linkView()); // explain and context query it until the next block
    synchronized (this) {
      deferral = null;
    }
    check(s, new Expected(d.root(), d.headerHeight()));
    LOG.info("rank: installed the snapshot of height {} ({} particles, root {}) in {} ms",
        s.height(), s.particles(), hex(s.root()), s.computeMillis());
    return s;
  }

  private RankSnapshot compute(RankBlock block) {
    feed(block);
    BlockResult r = engine.step();
    return snapshot(block.height(), engine, r);
  }

  /**
   * The snapshot of the block {@code engine} has just computed ({@code r}): what the pipeline
   * publishes after each step (public for {@code cyber bench rank --per-block}, which times it).
   */
  public static RankSnapshot snapshot(long height, RankEngine engine, BlockResult r) {
    return new RankSnapshot(
        height,
        engine.focusShared(), // replaced, never changed, by the next step
        engine.graph().particleIdsShared(), // append-only: entries below the count never change
        engine.tree(),
        engine.karma(),
        engine.graph().linkCount(),
        r.iterations(),
        r.delta(),
        r.totalNanos(),
        engine.graph().linkView());
  }

  private void check(RankSnapshot s, Expected e) {
    if (!Arrays.equals(s.root(), e.root())) {
      RankHaltException error =
          new RankHaltException(
              s.height(),
              "rank mismatch at height " + s.height() + ": the header of height "
                  + e.headerHeight() + " commits rank_root " + hex(e.root())
                  + ", this node computed " + hex(s.root()) + "; halting (never continue on a fork)");
      halt(error);
      throw error;
    }
  }

  private void halt(RankHaltException error) {
    synchronized (this) {
      if (failure != null) {
        return;
      }
      failure = error;
      notifyAll();
    }
    LOG.error(error.getMessage());
    listener.halted(error);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** Stops the rank thread (abandoning a computation in progress) and closes the engine. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      engine.close();
    }
  }
}
