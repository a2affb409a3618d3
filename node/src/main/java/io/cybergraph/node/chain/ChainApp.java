package io.cybergraph.node.chain;

import io.cybergraph.node.app.BlockExecution;
import io.cybergraph.node.app.BlockExecutor;
import io.cybergraph.node.app.ChainRules;
import io.cybergraph.node.app.InvalidBlockException;
import io.cybergraph.node.app.ProposedBlock;
import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.tx.PreparedTx;
import io.cybergraph.node.evidence.BlockEvidence;
import io.cybergraph.node.evidence.InvalidEvidenceException;
import io.cybergraph.node.mempool.Mempool;
import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.node.sync.CommitVerifier;
import io.cybergraph.node.sync.InvalidCommitException;
import io.cybergraph.proto.pb.EvidenceList;
import java.util.List;

/**
 * The chain as a block engine sees it: build a proposal for the next height, verify someone
 * else's, commit a decided one. Everything agreed (txs that pass, app hash, rank root, header
 * fields) is decided here, so any engine produces and accepts exactly the same blocks.
 *
 * <p>Called from the engine's one thread.
 */
public final class ChainApp {

  /**
   * A block for the next height with its execution and the focus its header commits to.
   *
   * @param blockBytes the block's encoding ({@code Protobufs.encode(block)}, which its ID's part
   *     set hashes and the store keeps): encoded once, not modified
   */
  public record Candidate(Block block, byte[] blockBytes, BlockID blockId, BlockExecution execution,
      RankSnapshot rank) {
    public long height() {
      return block.getHeader().getHeight();
    }

    Candidate(Block block, byte[] blockBytes, BlockExecution execution, RankSnapshot rank) {
      this(block, blockBytes, BlockHashes.blockId(block.getHeader(), blockBytes), execution, rank);
    }
  }

  private final BlockAssembler assembler;
  private final AppState state;
  private final BlockExecutor executor;
  private final Mempool mempool;
  private final RankPipeline rank;
  private final BlockCommitter committer;
  private final CommitVerifier lastCommits;
  private final BlockEvidence evidence;

  /** Without evidence: proposes none and rejects blocks that carry any. */
  public ChainApp(
      BlockAssembler assembler,
      AppState state,
      BlockExecutor executor,
      Mempool mempool,
      RankPipeline rank,
      BlockCommitter committer) {
    this(assembler, state, executor, mempool, rank, committer, null);
  }

  /** @param evidence what puts evidence into proposals and checks it in blocks, or null */
  public ChainApp(
      BlockAssembler assembler,
      AppState state,
      BlockExecutor executor,
      Mempool mempool,
      RankPipeline rank,
      BlockCommitter committer,
      BlockEvidence evidence) {
    this.evidence = evidence;
    this.assembler = assembler;
    this.state = state;
    this.executor = executor;
    this.mempool = mempool;
    this.rank = rank;
    this.committer = committer;
    this.lastCommits = new CommitVerifier(assembler.chainId(), assembler.validators());
  }

  public ChainHead head() {
    return committer.head();
  }

  /** Txs wait in the mempool (for the next proposal). */
  public boolean hasPendingTxs() {
    return mempool.size() > 0;
  }

  public BlockAssembler assembler() {
    return assembler;
  }

  /**
   * Waits for the focus the next header needs (height h − L): the only point where block making
   * waits on the rank thread.
   */
  public RankSnapshot awaitRank(long height) throws InterruptedException {
    long rankHeight = assembler.rankHeight(height);
    return rankHeight == 0 ? RankSnapshot.empty(0) : rank.await(rankHeight);
  }

  /**
   * A proposal for the next height from the mempool: txs in admission order that pass and fit
   * the block limits, and pending evidence up to {@code evidence.max_per_block}.
   */
  public Candidate propose(byte[] proposer, RankSnapshot rankAtHeader) {
    ChainHead head = head();
    long height = head.height() + 1;
    ChainRules rules = state.rules();
    List<PreparedTx> candidates = mempool.reap(rules.maxBlockLinks(), rules.maxBlockBytes());
    ProposedBlock proposed = executor.propose(height, candidates);
    EvidenceList included =
        evidence == null ? EvidenceList.getDefaultInstance() : evidence.select(height);
    Block block = assembler.assemble(
        head, proposed.txs(), included, state.appHash(), rankAtHeader.root(), proposer);
    return new Candidate(block, Protobufs.encode(block), proposed.execution(), rankAtHeader);
  }

  /**
   * Checks a block for the next height (header fields as this node computes them, every
   * evidence item verifies, every tx executes) and returns its execution.
   *
   * @throws BlockRejectedException naming what is wrong
   */
  public Candidate verify(Block block, RankSnapshot rankAtHeader) {
    return verify(block, rankAtHeader, rankAtHeader.root());
  }

  private Candidate verify(Block block, RankSnapshot rankAtHeader, byte[] rankRoot) {
    ChainHead head = withBlocksLastCommit(head(), block);
    long height = head.height() + 1;
    List<byte[]> txs = BlockAssembler.txsOf(block); // copied once: both steps below read them
    String mismatch = assembler.mismatch(block, txs, head, state.appHash(), rankRoot);
    if (mismatch != null) {
      throw new BlockRejectedException(height, mismatch, null);
    }
    checkEvidence(block, height);
    try {
      BlockExecution execution = executor.execute(height, txs);
      return new Candidate(block, Protobufs.encode(block), execution, rankAtHeader);
    } catch (InvalidBlockException e) {
      throw new BlockRejectedException(height, e.getMessage(), e);
    }
  }

  /**
   * With several validators, the proposer's {@code last_commit} may hold other precommits than
   * the commit this node stored for its latest block (each node keeps the +2/3 it saw first): any
   * valid commit of that block is accepted, and the header (BFT time, last_commit_hash) is then
   * checked against the block's own last commit.
   */
  private ChainHead withBlocksLastCommit(ChainHead head, Block block) {
    if (head.height() == 0 || !block.hasLastCommit()
        || block.getLastCommit().equals(head.commit())) {
      return head;
    }
    try {
      lastCommits.verify(block.getLastCommit(), head.height(), head.blockId());
    } catch (InvalidCommitException e) {
      throw new BlockRejectedException(head.height() + 1, "last_commit: " + e.getMessage(), null);
    }
    return new ChainHead(head.height(), head.blockId(), head.header(), block.getLastCommit(),
        head.linkCount(), head.linksRoot(), head.accountsRoot(), head.resultsHash(),
        head.appHash());
  }

  /**
   * The BFT time of the next block as this node would make it (genesis time at height 1, else
   * the weighted median of the latest block's commit), in ns.
   */
  public long nextBlockTimeNs() {
    return assembler.timeAfter(head());
  }

  /**
   * True when the header of {@code height} commits to a focus this node never computes (rank
   * snapshot sync skipped it): such a header's rank root is taken from its commit.
   */
  public boolean rankSkipped(long height) {
    long rankHeight = assembler.rankHeight(height);
    return rankHeight > 0 && rank.skipped(rankHeight);
  }

  /**
   * {@link #verify} for a block whose header's focus was skipped ({@link #rankSkipped}): every
   * other field is checked; the rank root is the header's own (its commit vouches for it).
   */
  public Candidate verifyWithCommittedRank(Block block) {
    RankSnapshot skipped = RankSnapshot.empty(assembler.rankHeight(head().height() + 1));
    return verify(block, skipped, block.getHeader().getRankRoot().toByteArray());
  }

  private void checkEvidence(Block block, long height) {
    if (block.getEvidence().getEvidenceCount() == 0) {
      return;
    }
    if (evidence == null) {
      throw new BlockRejectedException(height, "carries evidence, which this node cannot check", null);
    }
    try {
      evidence.verify(block);
    } catch (InvalidEvidenceException e) {
      throw new BlockRejectedException(height, "invalid evidence: " + e.getMessage(), null);
    }
  }

  /** Commits a decided candidate with the commit that finalised it. */
  public BlockCommitted commit(Candidate candidate, Commit commit, long startedNanos) {
    return committer.commit(
        candidate.block(), candidate.blockBytes(), candidate.blockId(), commit,
        candidate.execution(), candidate.rank(), startedNanos);
  }
}
