package io.cybergraph.node.producer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.node.chain.BlockEngine;
import io.cybergraph.node.chain.ChainApp;
import io.cybergraph.node.chain.ChainHead;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.CanonicalVote;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block production on one validator that holds more than 2/3 of the power (a devnet, a
 * benchmark): a block every {@code consensus.timeout_commit_ms}, empty or not. For each height
 * it proposes from the mempool (once the focus of h − L is computed), writes the block to
 * {@link PendingBlockFile}, signs its precommit (the signer records it durably first), and
 * commits the block with a commit of that one precommit, exactly the commit the design defines.
 *
 * <p>At start, a height the signer already signed but the store lacks (the node died between
 * signing and storing) is finished with the pending block and the same signature; if that
 * block cannot be recovered the producer halts rather than sign a second block at that height.
 *
 * <p>Replaced by the Tendermint engine with consensus, through {@link BlockEngine}.
 */
public final class SoloProducer implements BlockEngine {
  private static final Logger LOG = LoggerFactory.getLogger(SoloProducer.class);
  private static final long MILLI = 1_000_000;

  private final ChainApp app;
  private final VoteSigner signer;
  private final int validatorIndex;
  private final PendingBlockFile pending;
  private final long intervalNanos;
  private final LongSupplier wallClockNanos;
  private final Consumer<RuntimeException> halt;
  private final Thread thread;

  // guarded by this: the thread may be interrupted only while it waits
  private boolean waiting;
  private boolean stopping;

  /**
   * @param validatorIndex the signer's index in the validator set
   * @param intervalMillis consensus.timeout_commit_ms: time from one block's start to the next
   * @param wallClockNanos the clock for vote timestamps (nanoseconds since the Unix epoch)
   * @param halt called once if the producer must stop the node (with the reason)
   */
  public SoloProducer(
      ChainApp app,
      VoteSigner signer,
      int validatorIndex,
      PendingBlockFile pending,
      long intervalMillis,
      LongSupplier wallClockNanos,
      Consumer<RuntimeException> halt) {
    this.app = app;
    this.signer = signer;
    this.validatorIndex = validatorIndex;
    this.pending = pending;
    this.intervalNanos = intervalMillis * MILLI;
    this.wallClockNanos = wallClockNanos;
    this.halt = halt;
    this.thread = new Thread(this::run, "producer");
  }

  @Override
  public void start() {
    thread.start();
  }

  private void run() {
    try {
      recover();
      long nextAt = System.nanoTime();
      while (true) {
        sleepUntil(nextAt);
        long started = System.nanoTime();
        long height = app.head().height() + 1;
        RankSnapshot rank = waitFor(() -> app.awaitRank(height));
        if (!enterBusy()) {
          return;
        }
        produce(rank, started);
        nextAt = started + intervalNanos;
      }
    } catch (InterruptedException e) {
      LOG.debug("producer stopped");
    } catch (RuntimeException e) {
      if (!isStopping()) {
        LOG.error("block production halted: {}", e.getMessage());
        halt.accept(e);
      }
    }
  }

  /** One block: propose, record, sign, commit. */
  private void produce(RankSnapshot rank, long started) {
    long t0 = System.nanoTime();
    ChainApp.Candidate c = app.propose(signer.address(), rank);
    long t1 = System.nanoTime();
    pending.write(c.block());
    Vote precommit = signer.sign(precommit(c.height(), c.blockId(), timestampFor(c.block())));
    long t2 = System.nanoTime();
    app.commit(c, commit(c, precommit), started);
    if (LOG.isDebugEnabled()) {
      LOG.debug("height {}: waited for rank {} ms, proposed in {} ms, recorded and signed in {} ms,"
          + " committed in {} ms", c.height(), (t0 - started) / MILLI, (t1 - t0) / MILLI,
          (t2 - t1) / MILLI, (System.nanoTime() - t2) / MILLI);
    }
  }

  /**
   * Finishes a height signed before a crash: the pending block must be the one whose ID the
   * signer signed; it is verified like any block and committed with the same precommit.
   */
  private void recover() throws InterruptedException {
    VoteSigner.SignedRecord last = signer.lastSigned();
    ChainHead head = app.head();
    long next = head.height() + 1;
    if (last.height() > next) {
      throw new DoubleSignException(
          "the signer has signed height " + last.height() + " but the store ends at height "
              + head.height() + ": this data folder is older than the signer state; refusing to"
              + " sign (restore the data or start a new home)");
    }
    if (last.height() < next) {
      return;
    }
    CanonicalVote signed;
    try {
      signed = CanonicalVote.parseFrom(last.signBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new DoubleSignException("the signer state's sign bytes do not parse: " + e.getMessage());
    }
    Optional<Block> block = pending.read().filter(b -> b.getHeader().getHeight() == next);
    if (block.isEmpty()
        || signed.getType() != VoteType.VOTE_TYPE_PRECOMMIT
        || !Arrays.equals(
            BlockHashes.blockId(block.get()).toByteArray(),
            signed.getBlockId().toByteArray())) {
      throw new DoubleSignException(
          "height " + next + " was signed (block " + hex(signed.getBlockId().getHash().toByteArray())
              + ") but " + pending.path() + " does not hold that block; refusing to sign another"
              + " block at height " + next);
    }
    long started = System.nanoTime();
    RankSnapshot rank = waitFor(() -> app.awaitRank(next));
    if (!enterBusy()) {
      throw new InterruptedException();
    }
    ChainApp.Candidate c = app.verify(block.get(), rank);
    Vote precommit = signer.sign(precommit(next, c.blockId(), signed.getTimestampNs()));
    app.commit(c, commit(c, precommit), started);
    LOG.info("finished height {} signed before the restart (block {})", next,
        hex(c.blockId().getHash().toByteArray()));
  }

  /**
   * After the block's time, so BFT time strictly increases; otherwise now. Exact: past int64
   * nanoseconds (2262) the node halts rather than go back in time.
   */
  private long timestampFor(Block block) {
    return Math.max(wallClockNanos.getAsLong(), Math.addExact(block.getHeader().getTimeNs(), MILLI));
  }

  private Vote precommit(long height, BlockID blockId, long timestampNs) {
    return Vote.newBuilder()
        .setType(VoteType.VOTE_TYPE_PRECOMMIT)
        .setHeight(height)
        .setRound(0)
        .setBlockId(blockId)
        .setTimestampNs(timestampNs)
        .setValidatorAddress(ByteString.copyFrom(signer.address()))
        .setValidatorIndex(validatorIndex)
        .build();
  }

  private static Commit commit(ChainApp.Candidate c, Vote precommit) {
    return Commit.newBuilder()
        .setHeight(c.height())
        .setRound(0)
        .setBlockId(c.blockId())
        .addPrecommits(precommit)
        .build();
  }

  private interface Wait<T> {
    T get() throws InterruptedException;
  }

  /** Runs a wait during which {@link #close} may interrupt this thread. */
  private <T> T waitFor(Wait<T> wait) throws InterruptedException {
    synchronized (this) {
      if (stopping) {
        throw new InterruptedException();
      }
      waiting = true;
    }
    try {
      return wait.get();
    } finally {
      synchronized (this) {
        waiting = false;
      }
    }
  }

  private void sleepUntil(long nanoTime) throws InterruptedException {
    waitFor(() -> {
      long left = nanoTime - System.nanoTime();
      if (left > 0) {
        Thread.sleep(left / MILLI, (int) (left % MILLI));
      }
      return null;
    });
  }

  /** Leaves the interruptible phase; false if the producer is stopping. */
  private synchronized boolean enterBusy() {
    Thread.interrupted(); // an interrupt meant for the wait that just ended
    return !stopping;
  }

  private synchronized boolean isStopping() {
    return stopping;
  }

  /** Stops: a block being signed or committed is finished first; a wait is cut short. */
  @Override
  public void close() {
    synchronized (this) {
      stopping = true;
      if (waiting) {
        thread.interrupt();
      }
    }
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
