package io.cybergraph.node.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.consensus.adaptor.HeightValidators;
import io.cybergraph.consensus.adaptor.Verdict;
import io.cybergraph.consensus.engine.ConsensusApplication;
import io.cybergraph.consensus.engine.ConsensusEngine;
import io.cybergraph.consensus.engine.ConsensusNetwork;
import io.cybergraph.consensus.signer.Signer;
import io.cybergraph.consensus.state.RoundState;
import io.cybergraph.consensus.state.Step;
import io.cybergraph.consensus.state.TimeoutConfig;
import io.cybergraph.consensus.wal.Wal;
import io.cybergraph.node.chain.BlockEngine;
import io.cybergraph.node.chain.BlockRejectedException;
import io.cybergraph.node.chain.ChainApp;
import io.cybergraph.node.chain.ChainHead;
import io.cybergraph.node.net.PeerShares;
import io.cybergraph.node.rankpipe.RankSkippedException;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.node.sync.ChainHaltException;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.codec.PartSet;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.BlockPart;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.ConsensusStep;
import io.cybergraph.proto.pb.DuplicateVoteEvidence;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks decided by Tendermint among several validators: the consensus module's {@link
 * ConsensusEngine} (machine, WAL, signer) run on one thread, "consensus", with the chain through
 * {@link ChainApp} and the network through the {@link ConsensusReactor}.
 *
 * <ul>
 *   <li>getValue(): the proposer builds the block from the mempool within the block limits
 *       ({@link ChainApp#propose}, as the solo producer does), once the focus of h − L is there;
 *   <li>valid(v): the block, reassembled from its parts, must execute and its header (app hash,
 *       rank root, BFT time, last commit) must be what this validator computes ({@link
 *       ChainApp#verify});
 *   <li>decided: the block is committed through {@link ChainApp#commit} (the {@code
 *       BlockCommitter} path every block takes), the engine's {@code endHeight} is logged, and
 *       the next height starts after {@code timeout_commit};
 *   <li>behind: while a peer is more than one block ahead, block sync applies blocks through
 *       {@link #syncApplier} on this same thread and consensus waits; a height that block sync
 *       completes is abandoned by the engine, which starts again at the next one.
 * </ul>
 *
 * <p>Everything that touches the engine or the chain runs on the consensus thread, fed by one
 * queue: network messages (bounded), timeouts, the application's answers and block sync.
 */
public final class BftEngine implements BlockEngine, ConsensusInbox {
  private static final Logger LOG = LoggerFactory.getLogger(BftEngine.class);
  private static final long MILLI = 1_000_000;
  /** Network messages waiting for the consensus thread at most; more are dropped (resent later). */
  static final int MAX_QUEUED_MESSAGES = 10_000;
  /** Block parts among them at most: up to 65 KiB each, so 32 MiB while the thread is busy. */
  static final int MAX_QUEUED_PARTS = 512;
  /** Network messages of one peer among them at most (see {@link PeerShares}). */
  static final int MAX_QUEUED_PER_PEER = 1_000;
  static final int NEXT_HEIGHT_BUFFER = 2_000;
  static final int ORPHAN_PARTS = 256;

  private final ChainApp app;
  private final String chainId;
  private final ValidatorSet validators;
  private final HeightValidators heightValidators;
  private final TimeoutConfig timeouts;
  private final long timeoutCommitMillis;
  private final long timeoutCommitBusyMillis;
  private final Wal wal;
  private final Signer signer;
  private final ProposedBlocks proposed;
  private final GossipBook book = new GossipBook();
  private final EvidenceSink evidence;
  private final Consumer<RuntimeException> halt;
  private final LongSupplier wallClockNanos;
  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedParts = new AtomicInteger();
  private final PeerShares peerShares = new PeerShares(MAX_QUEUED_PER_PEER);
  private long loggedSkippedHeight = -1; // consensus thread only
  private final ScheduledExecutorService timers;
  private final Thread thread;
  private ConsensusReactor reactor;
  private BooleanSupplier behind = () -> false;

  // guarded by this: the thread may be interrupted only while it waits for rank
  private boolean waitingForRank;
  private volatile boolean stopping;

  // consensus thread only
  private ConsensusEngine engine;
  private int generation;
  private long engineHeight;
  private boolean ended;
  private Commit pendingCommit;
  private long heightStartedNanos = System.nanoTime();
  private long nextHeightAtNanos = System.nanoTime();
  private long committedAtNanos = System.nanoTime();
  private final Map<ByteString, ChainApp.Candidate> candidates = new HashMap<>(); // by block hash
  private final Set<ByteString> invalid = new HashSet<>(); // block hashes
  private final Map<ByteString, BlockID> wanted = new HashMap<>(); // parts root -> block id
  private final Map<ByteString, PartSet.Assembler> assembling = new HashMap<>(); // by parts root
  private final Map<ByteString, Block> received = new HashMap<>(); // complete, not verified yet
  private final Set<BlockID> validityAsked = new LinkedHashSet<>();
  private final Set<String> seenVotes = new HashSet<>();
  private final OrphanParts orphanParts = new OrphanParts(ORPHAN_PARTS);
  private final NextHeightBuffer nextHeight = new NextHeightBuffer(NEXT_HEIGHT_BUFFER);

  private volatile ConsensusStateView view;
  private volatile int blocksCollecting; // set with view, for tests

  /**
   * @param wal the write-ahead log ({@code data/cs.wal})
   * @param signer the validator's signer ({@code data/priv_validator_state})
   * @param proposed where our proposed blocks are kept until committed ({@code data/cs.proposals})
   * @param timeoutCommitMillis the pause after a commit before the next height (block interval)
   * @param timeoutCommitBusyMillis the pause instead while the mempool holds txs (at most
   *     {@code timeoutCommitMillis}): a loaded chain need not wait a whole idle interval
   * @param wallClockNanos the clock for vote and proposal timestamps (ns since the Unix epoch)
   * @param halt called once if consensus must stop the node
   * @param headBlockBytes the latest committed block's encoding (for peers one block behind), or
   *     null at height 0
   */
  public BftEngine(ChainApp app, TimeoutConfig timeouts, long timeoutCommitMillis,
      long timeoutCommitBusyMillis, Wal wal, Signer signer, ProposedBlocks proposed,
      EvidenceSink evidence, LongSupplier wallClockNanos, Consumer<RuntimeException> halt, byte[] headBlockBytes) {
    this.app = app;
    this.chainId = app.assembler().chainId();
    this.validators = app.assembler().validators();
    this.heightValidators = HeightValidators.of(validators);
    this.timeouts = timeouts;
    this.timeoutCommitMillis = timeoutCommitMillis;
    this.timeoutCommitBusyMillis = Math.min(timeoutCommitBusyMillis, timeoutCommitMillis);
    this.wal = wal;
    this.signer = signer;
    this.proposed = proposed;
    this.evidence = evidence;
    this.wallClockNanos = wallClockNanos;
    this.halt = halt;
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "consensus-timers");
      t.setDaemon(true);
      return t;
    });
    this.thread = new Thread(this::run, "consensus");
    ChainHead head = app.head();
    book.newHeight(head.height() + 1, head.commit(), headBlockBytes);
    this.view = idleView(head.height() + 1, "new_height");
  }

  /** What the reactor gossips. */
  public GossipBook book() {
    return book;
  }

  /**
   * Connects the network: the reactor (started and stopped with this engine) and block sync's
   * verdict on whether this node is more than one block behind its peers.
   */
  /** The path our own signed messages leave by, wrapped (tests: {@code --unsafe-equivocate}). */
  private volatile UnaryOperator<ConsensusNetwork> ownMessages = UnaryOperator.identity();

  /** Wraps the path our own signed proposals and votes leave by; call before {@link #start}. */
  public void wrapOwnMessages(UnaryOperator<ConsensusNetwork> wrapper) {
    ownMessages = wrapper;
  }

  public void connect(ConsensusReactor reactor, BooleanSupplier behind) {
    this.reactor = reactor;
    this.behind = behind;
  }

  /** For {@code /consensus_state}. */
  public ConsensusStateView state() {
    return view;
  }

  @Override
  public void start() {
    if (reactor != null) {
      reactor.start();
    }
    thread.start();
  }

  // ---- inbox (p2p I/O threads) ------------------------------------------------------------------

  @Override
  public void onProposal(NodeId from, Proposal proposal) {
    offer(from, () -> handleProposal(from, proposal));
  }

  @Override
  public void onVote(NodeId from, Vote vote) {
    offer(from, () -> handleVote(from, vote));
  }

  @Override
  public void onBlockPart(NodeId from, BlockPart part) {
    if (queuedParts.incrementAndGet() > MAX_QUEUED_PARTS) {
      queuedParts.decrementAndGet();
      LOG.debug("consensus: {} block parts queued, one dropped (it will be sent again)",
          MAX_QUEUED_PARTS);
      return;
    }
    if (!offer(from, () -> {
      queuedParts.decrementAndGet();
      handlePart(from, part);
    })) {
      queuedParts.decrementAndGet();
    }
  }

  /** Queues a network message of {@code from} unless the queue or the peer's share is full. */
  private boolean offer(NodeId from, Runnable task) {
    if (!peerShares.take(from)) {
      LOG.debug("consensus: {} messages of peer {} queued, one dropped (it will be sent again)",
          MAX_QUEUED_PER_PEER, from);
      return false;
    }
    if (tasks.size() < MAX_QUEUED_MESSAGES) {
      tasks.add(() -> {
        peerShares.release(from);
        task.run();
      });
      return true;
    }
    peerShares.release(from);
    LOG.debug("consensus: queue full, a network message dropped (it will be sent again)");
    return false;
  }

  /**
   * The commit path block sync uses on a validator: each block is applied on the consensus
   * thread, so it never races a block consensus commits (the later of the two is a no-op).
   */
  public io.cybergraph.node.sync.BlockApplier syncApplier(
      io.cybergraph.node.sync.BlockApplier delegate) {
    return new io.cybergraph.node.sync.BlockApplier() {
      @Override
      public String chainId() {
        return delegate.chainId();
      }

      @Override
      public ValidatorSet validators() {
        return delegate.validators();
      }

      @Override
      public long height() {
        return delegate.height();
      }

      @Override
      public BlockID lastBlockId() {
        return delegate.lastBlockId();
      }

      @Override
      public void prepare(Block block) {
        delegate.prepare(block);
      }

      @Override
      public void apply(Block block, Commit commit) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
          try {
            applySynced(delegate, block, commit);
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
            throw e;
          }
        });
        try {
          while (!done.isDone()) {
            if (stopping) {
              return; // shutting down: the block stays unapplied, block sync is stopping too
            }
            try {
              done.get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
              // still queued or running: look at stopping again
            }
          }
          done.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ChainHaltException(block.getHeader().getHeight(), "not applied: interrupted");
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    };
  }

  // ---- the consensus thread -------------------------------------------------------------------

  private void run() {
    try {
      while (!stopping) {
        Runnable task = tasks.poll(20, TimeUnit.MILLISECONDS);
        if (task != null) {
          task.run();
        }
        if (!stopping) {
          maybeStartHeight();
          publish();
        }
      }
    } catch (InterruptedException e) {
      LOG.debug("consensus stopped");
    } catch (IOException e) {
      fail(new UncheckedIOException("consensus WAL: " + e.getMessage(), e));
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void fail(RuntimeException e) {
    if (!stopping) {
      LOG.error("consensus halted at height {}: {}", app.head().height() + 1, e.getMessage());
      halt.accept(e);
    }
  }

  /** Starts the next height when its time has come, nothing is being committed and we are not behind. */
  private void maybeStartHeight() throws IOException, InterruptedException {
    long next = app.head().height() + 1;
    if ((engine != null && engineHeight == next && !ended) || pendingCommit != null) {
      return;
    }
    if (!nextHeightDue() || behind.getAsBoolean() || waitsForSync(next)) {
      return;
    }
    long now = nowNs();
    if (engine == null || !(ended && engineHeight == next - 1)) {
      engine = new ConsensusEngine(chainId, timeouts, wal, signer, ownMessages.apply(new Network()),
          new Callbacks(generation + 1), this::schedule);
      generation++;
    }
    engineHeight = next;
    ended = false;
    heightStartedNanos = System.nanoTime();
    seenVotes.clear();
    validityAsked.clear();
    restoreProposed(next);
    engine.start(next, validators, now);
    for (Runnable delivery : nextHeight.take(next)) {
      delivery.run();
    }
    positionChanged();
  }

  private void handleProposal(NodeId from, Proposal p) {
    if (fromBanned(from) || !routeToEngine(p.getHeight(), () -> handleProposal(from, p))) {
      return;
    }
    Verdict v = io(() -> engine.onProposal(p, nowNs()));
    switch (v.kind()) {
      case ACCEPTED -> {
        if (book.addProposal(p)) {
          wake();
        }
        if (collectsEarly(p)) {
          want(p.getBlockId());
        }
        positionChanged();
      }
      case INVALID -> punish(from, "an invalid proposal at height " + p.getHeight() + " round "
          + p.getRound() + ": " + v.reason());
      default -> { }
    }
  }

  private void handleVote(NodeId from, Vote vote) {
    if (fromBanned(from)) {
      return;
    }
    String key = GossipKeys.vote(vote);
    if (vote.getHeight() == engineHeight && seenVotes.contains(key)) {
      return; // the same vote again (a conflicting one has another key and goes on)
    }
    if (!routeToEngine(vote.getHeight(), () -> handleVote(from, vote))) {
      return;
    }
    Verdict v = io(() -> engine.onVote(vote, nowNs()));
    switch (v.kind()) {
      case ACCEPTED -> {
        seenVotes.add(key);
        if (book.addVote(vote)) {
          if (reactor != null) {
            reactor.announceHasVote(vote, from);
          }
          wake();
        }
        positionChanged();
      }
      case INVALID -> punish(from, "an invalid vote at height " + vote.getHeight() + " round "
          + vote.getRound() + ": " + v.reason());
      default -> { }
    }
  }

  /**
   * True if the engine is on {@code height} (a decided height still takes votes, for
   * evidence); a message for the next height is kept for later; anything else is dropped.
   */
  private boolean routeToEngine(long height, Runnable later) {
    long next = app.head().height() + 1;
    boolean onNext = engine != null && engineHeight == next && !ended;
    if (height == next && !onNext) {
      nextHeight.add(height, later);
      return false;
    }
    return engine != null && height == engineHeight;
  }

  private void handlePart(NodeId from, BlockPart part) {
    long next = app.head().height() + 1;
    if (part.getHeight() != next || fromBanned(from)) {
      return; // a block we have, or one too far ahead
    }
    ByteString root = part.getParts().getHash();
    PartSet.Assembler assembler = assembling.get(root);
    if (assembler == null) {
      if (!wanted.containsKey(root)) {
        orphanParts.add(from, GossipKeys.part(root, part.getIndex()),
            () -> handlePart(from, part));
      }
      return;
    }
    if (!assembler.add(part.getIndex(), part.getBytes().toByteArray(),
        part.getProofList().stream().map(ByteString::toByteArray).toList())
        || !assembler.isComplete()) {
      return;
    }
    assembling.remove(root);
    BlockID id = wanted.get(root);
    byte[] bytes = assembler.bytes();
    Block block = parse(bytes);
    if (block == null || !BlockHashes.blockId(block).equals(id)) {
      LOG.warn("height {}: the parts of block {} make {}", next, hex(id.getHash()),
          block == null ? "no block" : "another block");
      invalid.add(id.getHash());
    } else {
      received.put(id.getHash(), block);
      book.addBlock(next, bytes);
      wake();
    }
    blockArrived(id);
  }

  /** A block is complete (or known bad): answer the questions waiting for it. */
  private void blockArrived(BlockID id) {
    for (BlockID asked : List.copyOf(validityAsked)) {
      if (asked.getHash().equals(id.getHash())) {
        answerValidity(generation, engineHeight, asked);
      }
    }
    if (pendingCommit != null && pendingCommit.getBlockId().getHash().equals(id.getHash())) {
      tryCommit();
    }
  }

  /**
   * Whether to collect the block of an accepted proposal before consensus asks about it: only
   * for the first proposal of its round (the one the machine and the book keep) and a round no
   * further than the next. Every signed proposal used to open a block of up to {@link
   * ConsensusReactor#MAX_PARTS} parts, so a proposer signing many for its round, or for its
   * rounds up to 1000 ahead, had each node hold that many open blocks until the height ended.
   * Nothing is lost: the machine asks valid(v) (checkValidity, which collects) for any block it
   * needs — a proposal of the round it reaches, a polka, a decision — and parts that came before
   * wait among the orphan parts.
   */
  private boolean collectsEarly(Proposal p) {
    return p.equals(book.proposal(p.getRound()))
        && (long) p.getRound() <= (long) engine.state().round() + 1;
  }

  /** Starts collecting the parts of {@code id} unless we have the block. */
  private void want(BlockID id) {
    ByteString hash = id.getHash();
    ByteString root = id.getParts().getHash();
    if (candidates.containsKey(hash) || received.containsKey(hash) || invalid.contains(hash)
        || wanted.containsKey(root)) {
      return;
    }
    try {
      assembling.put(root, new PartSet.Assembler(id.getParts(), ConsensusReactor.MAX_PARTS));
      wanted.put(root, id);
    } catch (IllegalArgumentException e) {
      invalid.add(hash);
      return;
    }
    String prefix = GossipKeys.part(root, 0).replaceFirst(":0$", ":");
    orphanParts.take(prefix).forEach(Runnable::run);
  }

  // ---- the application's side -----------------------------------------------------------------

  /**
   * Whether work the engine of generation {@code gen} asked for at {@code height} is still
   * wanted. The engine may be gone though its generation is still the latest: block sync can
   * commit the height first and drop it ({@link #applySynced}) while its request (a block to
   * propose, a validity check) waits in the queue behind the synced block; answering it then
   * halted the node with a NullPointerException (seen after a restart on a loaded devnet).
   */
  private boolean current(int gen, long height) {
    return engine != null && gen == generation && height == engineHeight;
  }

  private void propose(int gen, long height, int round) throws InterruptedException {
    if (!current(gen, height) || ended || app.rankSkipped(height)) {
      return; // a skipped rank (a snapshot taken up meanwhile): no block to propose
    }
    RankSnapshot rank = awaitRank(height);
    if (rank == null) {
      return;
    }
    ChainApp.Candidate c = app.propose(signer.address(), rank);
    candidates.put(c.blockId().getHash(), c);
    byte[] bytes = Protobufs.encode(c.block());
    proposed.save(height, round, bytes); // on disk before the proposal naming it is signed
    book.addBlock(height, bytes);
    LOG.info("height {} round {}: proposing block {} with {} txs", height, round,
        hex(c.blockId().getHash()), c.block().getData().getTxsCount());
    io(() -> {
      engine.onValue(height, round, c.blockId(), nowNs());
      return null;
    });
    wake();
  }

  private void answerValidity(int gen, long height, BlockID id) {
    if (!current(gen, height)) {
      return;
    }
    Boolean valid = validity(id, height, false);
    if (valid == null) {
      validityAsked.add(id);
      return;
    }
    validityAsked.remove(id);
    io(() -> {
      engine.onValidity(height, id, valid, nowNs());
      return null;
    });
    positionChanged();
  }

  /**
   * True/false once the block is here and checked as the block of {@code height}; null while its
   * parts are missing.
   *
   * @param decided whether +2/3 of the validators committed it (then a header whose focus rank
   *     snapshot sync skipped is taken with the rank root its commit vouches for)
   */
  private Boolean validity(BlockID id, long height, boolean decided) {
    ByteString hash = id.getHash();
    ChainApp.Candidate c = candidates.get(hash);
    if (c != null) {
      return c.blockId().equals(id);
    }
    if (invalid.contains(hash)) {
      return false;
    }
    Block block = received.remove(hash);
    if (block == null) {
      return null;
    }
    if (block.getHeader().getHeight() != height) {
      // before anything waits on the header's height: a signed proposal of another height's
      // block would otherwise have this thread wait for the rank of any height it names
      LOG.warn("height {}: block {} is invalid: its header is of height {}", height, hex(hash),
          block.getHeader().getHeight());
      invalid.add(hash);
      return false;
    }
    boolean rankSkipped = app.rankSkipped(height);
    if (rankSkipped && !decided) {
      received.put(hash, block); // kept for a commit of it: then its commit vouches
      return false; // a rank root this node cannot check: prevote nil
    }
    try {
      ChainApp.Candidate checked;
      if (rankSkipped) {
        checked = app.verifyWithCommittedRank(block);
      } else {
        RankSnapshot rank = awaitRank(height);
        if (rank == null) {
          return null;
        }
        checked = app.verify(block, rank);
      }
      candidates.put(hash, checked);
      return checked.blockId().equals(id);
    } catch (BlockRejectedException e) {
      LOG.warn("height {}: block {} is invalid: {}", block.getHeader().getHeight(), hex(hash),
          e.getMessage());
      invalid.add(hash);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void tryCommit() {
    Commit commit = pendingCommit;
    if (commit == null) {
      return;
    }
    long height = commit.getHeight();
    if (height != app.head().height() + 1) {
      pendingCommit = null;
      return;
    }
    BlockID id = commit.getBlockId();
    Boolean valid = validity(id, height, true);
    if (valid == null) {
      return; // waiting for the parts
    }
    if (!valid) {
      throw new ChainHaltException(height, "was decided by +2/3 of the validators ("
          + hex(id.getHash()) + ") but this node finds it invalid; stopping rather than fork");
    }
    ChainApp.Candidate c = candidates.get(id.getHash());
    app.commit(c, commit, heightStartedNanos);
    pendingCommit = null;
    if (engine != null && engineHeight == height) {
      io(() -> {
        engine.endHeight(height);
        return null;
      });
      ended = true;
    }
    committedAtNanos = System.nanoTime();
    nextHeightAtNanos = committedAtNanos + timeoutCommitMillis * MILLI;
    committed(height, commit, Protobufs.encode(c.block()));
  }

  /** Block sync applies a block on this thread; consensus leaves the height it completes. */
  private void applySynced(io.cybergraph.node.sync.BlockApplier delegate, Block block,
      Commit commit) {
    long height = block.getHeader().getHeight();
    if (height != app.head().height() + 1) {
      return; // consensus committed it first
    }
    delegate.apply(block, commit);
    if (engine != null && engineHeight == height && !ended
        && engine.state().decision() != null && pendingCommit != null
        && pendingCommit.getBlockId().equals(commit.getBlockId())) {
      io(() -> {
        engine.endHeight(height);
        return null;
      });
      ended = true;
    } else if (engine != null && engineHeight <= height && !ended) {
      LOG.info("height {}: committed through block sync; consensus moves on", height);
      engine = null; // abandoned: a fresh engine starts at the next height
    }
    pendingCommit = null;
    nextHeightAtNanos = System.nanoTime();
    committed(height, commit, Protobufs.encode(block));
  }

  /**
   * The commit timeout is over: {@code timeout_commit} after the last commit, or the shorter
   * {@code timeout_commit_busy} while txs wait in the mempool. This only decides when this node
   * enters the next height (local timing, nothing agreed), so a proposer with txs proposes
   * sooner and an idle chain still makes one block per {@code timeout_commit}.
   */
  private boolean nextHeightDue() {
    long now = System.nanoTime();
    if (now - nextHeightAtNanos >= 0) {
      return true;
    }
    return now - committedAtNanos >= timeoutCommitBusyMillis * MILLI && app.hasPendingTxs();
  }

  /** After a commit: the next height's book, and the old height's blocks forgotten. */
  private void committed(long height, Commit commit, byte[] blockBytes) {
    candidates.clear();
    invalid.clear();
    wanted.clear();
    assembling.clear();
    received.clear();
    orphanParts.clear();
    book.newHeight(height + 1, commit, blockBytes);
    try {
      proposed.forgetUpTo(height);
    } catch (IOException e) {
      LOG.warn("height {}: our proposed blocks not deleted: {}", height, e.getMessage());
    }
    wake();
  }

  /**
   * After a restart: the blocks we proposed at {@code height} before it, so the proposal the WAL
   * replay sends again comes with parts to give out (see {@link ProposedBlocks}).
   */
  private void restoreProposed(long height) {
    List<byte[]> stored;
    try {
      stored = proposed.of(height);
    } catch (IOException e) {
      throw new UncheckedIOException("our proposed blocks not read: " + e.getMessage(), e);
    }
    for (byte[] bytes : stored) {
      Block block = parse(bytes);
      if (block == null || block.getHeader().getHeight() != height) {
        LOG.warn("height {}: a stored proposed block does not parse as one of this height; ignored",
            height);
        continue;
      }
      ByteString hash = BlockHashes.blockId(block).getHash();
      if (!candidates.containsKey(hash) && received.putIfAbsent(hash, block) == null) {
        LOG.info("height {}: our proposed block {} restored from disk", height, hex(hash));
      }
      book.addBlock(height, bytes);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private void positionChanged() {
    if (engine == null || engineHeight != app.head().height() + 1 || ended) {
      return;
    }
    RoundState s = engine.state();
    ConsensusStep step = s.decision() != null ? ConsensusStep.CONSENSUS_STEP_COMMIT
        : switch (s.step()) {
          case PROPOSE -> ConsensusStep.CONSENSUS_STEP_PROPOSE;
          case PREVOTE -> ConsensusStep.CONSENSUS_STEP_PREVOTE;
          case PRECOMMIT -> ConsensusStep.CONSENSUS_STEP_PRECOMMIT;
        };
    if (book.position(s.round(), step)) {
      wake();
    }
  }

  /** Blocks whose parts are being collected or which wait, complete, for their check (tests). */
  int blocksCollecting() {
    return blocksCollecting;
  }

  private void publish() {
    blocksCollecting = assembling.size() + received.size(); // before the view that tests poll
    long next = app.head().height() + 1;
    if (engine != null && engineHeight == next && !ended) {
      RoundState s = engine.state();
      String step = s.decision() != null ? "commit" : s.step().label();
      view = new ConsensusStateView(next, s.round(), step, proposerOf(next, s.round()),
          s.lockedRound(), s.validRound(), book.proposalHash(s.round()), hashOf(s.lockedValue()),
          hashOf(s.validValue()), book.votes());
    } else {
      boolean catchingUp = behind.getAsBoolean() || app.rankSkipped(next);
      view = idleView(next, engine == null && catchingUp ? "catching_up" : "new_height");
    }
  }

  /**
   * True when the header of {@code height} commits to a focus that rank snapshot sync skipped
   * (a validator restarted while taking up a snapshot): this node can neither propose nor check
   * such a block, so block sync brings those heights (their commits vouch for the rank root).
   */
  private boolean waitsForSync(long height) {
    if (!app.rankSkipped(height)) {
      return false;
    }
    if (loggedSkippedHeight != height) {
      loggedSkippedHeight = height;
      LOG.info("height {}: its rank was skipped by a rank snapshot; block sync brings it", height);
    }
    return true;
  }

  private ConsensusStateView idleView(long height, String step) {
    byte[] none = new byte[0];
    return new ConsensusStateView(height, 0, step, proposerOf(height, 0), -1, -1, none, none,
        none, List.of());
  }

  private static byte[] hashOf(io.cybergraph.consensus.state.Value value) {
    return value == null ? new byte[0]
        : io.cybergraph.consensus.adaptor.BlockIds.toBlockId(value).getHash().toByteArray();
  }

  private byte[] proposerOf(long height, int round) {
    int index = heightValidators.machineSet().proposer(height, round);
    return heightValidators.address(index).toByteArray();
  }

  private void schedule(long height, int round, Step step, long delayMillis) {
    int gen = generation;
    timers.schedule(() -> tasks.add(() -> {
      if (gen == generation && engine != null && height == engineHeight && !ended) {
        io(() -> {
          engine.onTimeout(height, round, step, nowNs());
          return null;
        });
        positionChanged();
      }
    }), delayMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * The time on our votes: the wall clock, but after the time of the block being decided (as
   * this node would make it: genesis time for block 1, else the median of the latest commit),
   * so that the next block's time, the median of these votes, is later still. A floor at the
   * latest committed block only let two blocks share a time, and a genesis time in the future
   * made block 2 earlier than block 1.
   */
  private long nowNs() {
    // exact: past int64 nanoseconds (2262) fail rather than vote a time before the block
    return Math.max(wallClockNanos.getAsLong(), Math.addExact(app.nextBlockTimeNs(), MILLI));
  }

  /**
   * A message a peer queued before it was banned: dropped unread (see {@link
   * ConsensusReactor#banned}).
   */
  private boolean fromBanned(NodeId from) {
    return reactor != null && reactor.banned(from);
  }

  private void punish(NodeId from, String reason) {
    if (reactor != null) {
      reactor.punish(from, reason);
    }
  }

  private void wake() {
    if (reactor != null) {
      reactor.wake();
    }
  }

  /** The focus the header at {@code height} commits to; null if the engine is stopping. */
  private RankSnapshot awaitRank(long height) throws InterruptedException {
    synchronized (this) {
      if (stopping) {
        return null;
      }
      waitingForRank = true;
    }
    try {
      return app.awaitRank(height);
    } catch (RankSkippedException e) {
      // block sync took up a rank snapshot above it meanwhile: this height's block is neither
      // made nor checked here; block sync brings it (its commit vouches for the rank root)
      LOG.info("height {}: {}; block sync brings it", height, e.getMessage());
      return null;
    } finally {
      synchronized (this) {
        waitingForRank = false;
        Thread.interrupted(); // an interrupt meant for the wait that just ended
      }
    }
  }

  private interface IoCall<T> {
    T call() throws IOException;
  }

  private static <T> T io(IoCall<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw new UncheckedIOException("consensus WAL: " + e.getMessage(), e);
    }
  }

  private static Block parse(byte[] bytes) {
    try {
      return Block.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  private static String hex(ByteString b) {
    String h = HexFormat.of().formatHex(b.toByteArray());
    return h.length() > 12 ? h.substring(0, 12) : h;
  }

  /** Our signed proposals and votes: into the book, which the reactor gossips. */
  private final class Network implements ConsensusNetwork {

    @Override
    public void broadcast(Proposal proposal) {
      book.addProposal(proposal);
      wake();
    }

    @Override
    public void broadcast(Vote vote) {
      seenVotes.add(GossipKeys.vote(vote));
      book.addVote(vote);
      wake();
    }
  }

  /** The engine's questions, answered on this thread after the input that raised them. */
  private final class Callbacks implements ConsensusApplication {
    private final int gen;

    Callbacks(int gen) {
      this.gen = gen;
    }

    @Override
    public void requestValue(long height, int round) {
      tasks.add(() -> {
        try {
          propose(gen, height, round);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }

    @Override
    public void checkValidity(long height, BlockID blockId) {
      want(blockId);
      tasks.add(() -> answerValidity(gen, height, blockId));
    }

    @Override
    public void decided(Commit commit) {
      LOG.info("height {} round {}: decided block {} with {} precommits", commit.getHeight(),
          commit.getRound(), hex(commit.getBlockId().getHash()), commit.getPrecommitsCount());
      pendingCommit = commit;
      want(commit.getBlockId());
      tasks.add(BftEngine.this::tryCommit);
    }

    @Override
    public void evidence(DuplicateVoteEvidence e) {
      LOG.warn("height {} round {}: validator {} signed two different {}s",
          e.getVoteA().getHeight(), e.getVoteA().getRound(), e.getVoteA().getValidatorIndex(),
          e.getVoteA().getType() == io.cybergraph.proto.pb.VoteType.VOTE_TYPE_PREVOTE
              ? "prevote" : "precommit");
      evidence.report(e.getVoteA(), e.getVoteB());
    }

    @Override
    public void roundStarted(long height, int round) {
      if (round > 0) {
        LOG.info("height {}: round {} started", height, round);
      }
    }
  }

  /** Stops the thread (a block being committed is finished), the timers, the reactor and the WAL. */
  @Override
  public void close() {
    synchronized (this) {
      stopping = true;
      if (waitingForRank) {
        thread.interrupt();
      }
    }
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
    if (reactor != null) {
      reactor.close();
    }
    try {
      wal.close();
    } catch (IOException e) {
      LOG.warn("consensus WAL not closed cleanly: {}", e.getMessage());
    }
  }
}
