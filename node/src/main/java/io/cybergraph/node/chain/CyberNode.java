package io.cybergraph.node.chain;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.node.app.BlockExecutor;
import io.cybergraph.node.sync.PreparedAhead;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.ChainRules;
import io.cybergraph.node.app.state.Account;
import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.tx.SignatureCache;
import io.cybergraph.node.app.tx.TxPreparer;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.GenesisPin;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.evidence.BlockEvidence;
import io.cybergraph.node.evidence.EvidenceParams;
import io.cybergraph.node.evidence.EvidencePool;
import io.cybergraph.node.evidence.EvidenceVerifier;
import io.cybergraph.node.evidence.ValidatorSets;
import io.cybergraph.node.mempool.Mempool;
import io.cybergraph.node.producer.ConsensusSigner;
import io.cybergraph.node.producer.PendingBlockFile;
import io.cybergraph.node.producer.SoloProducer;
import io.cybergraph.node.rankpipe.RankHaltException;
import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.rankpipe.RankRestore;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.merkle.MerkleFrontier;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.StoreException;
import io.cybergraph.store.StoreOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node assembled from its parts: the store, the application state restored from it, the
 * mempool, the rank pipeline (resumed from the stored focus), and the block engine: the {@link
 * SoloProducer} when this node is the chain's only validator; with several validators the BFT
 * engine, which needs the network and is attached by the node service ({@link #attachEngine}).
 *
 * <p>{@link #open} replays what the store holds; {@link #start} starts the rank thread and the
 * engine; {@link #close} stops them (a block being committed is finished) and closes RocksDB.
 * A rank mismatch or a signing refusal halts the node: {@link #halted()} completes with the
 * reason and the owner shuts down.
 */
public final class CyberNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CyberNode.class);

  /** Txs of synced blocks kept prepared ahead of execution at most. */
  static final int PREPARED_AHEAD_TXS = 100_000;

  /** The store's folder inside the home's {@code data/}. */
  public static final String STORE_DIR = "store";

  private final NodeConfig config;
  private final ChainGenesis genesis;
  private final ChainStore store;
  private final AppState state;
  private final Mempool mempool;
  private final RankPipeline rank;
  private final BlockCommitter committer;
  private final ChainApp app;
  private final KeyPair validatorKey;
  private volatile BlockEngine engine;
  private final boolean consensusValidator;
  private final CommitWaiters waiters;
  private final Linkers linkers;
  private final SignerKeys signerKeys;
  private final PreparedAhead ahead;
  private final ValidatorSets validatorSets;
  private final EvidencePool evidence;
  private final CompletableFuture<RuntimeException> halted = new CompletableFuture<>();
  private final List<RankPipeline.Listener> rankListeners = new CopyOnWriteArrayList<>();
  private boolean closed;

  private CyberNode(Parts p) {
    this.config = p.config;
    this.genesis = p.genesis;
    this.store = p.store;
    this.state = p.state;
    this.mempool = p.mempool;
    this.rank = p.rank;
    this.committer = p.committer;
    this.app = p.app;
    this.validatorKey = p.validatorKey;
    this.engine = p.engine;
    this.consensusValidator = p.consensusValidator;
    this.waiters = p.waiters;
    this.linkers = p.linkers;
    this.signerKeys = p.signerKeys;
    this.ahead = p.ahead;
    this.validatorSets = p.validatorSets;
    this.evidence = p.evidence;
  }

  /** Everything {@link #open} builds before the node object exists. */
  private static final class Parts {
    NodeConfig config;
    ChainGenesis genesis;
    KeyPair validatorKey;
    ChainStore store;
    AppState state;
    Mempool mempool;
    RankPipeline rank;
    BlockCommitter committer;
    ChainApp app;
    BlockEngine engine;
    boolean consensusValidator;
    CommitWaiters waiters;
    Linkers linkers;
    SignerKeys signerKeys;
    PreparedAhead ahead;
    ValidatorSets validatorSets;
    EvidencePool evidence;
    CyberNode node;
  }

  /**
   * Opens a node on {@code dataDir}: pins the genesis, opens the store, restores the state,
   * the mempool and the rank pipeline at the stored height. Nothing runs until {@link #start}.
   *
   * @param validatorKey this node's validator key (it produces blocks if it holds > 2/3 of the
   *     power), or null for a full node
   */
  public static CyberNode open(
      NodeConfig config, ChainGenesis genesis, KeyPair validatorKey, Path dataDir) {
    int lag = genesis.file().rank.lagBlocks;
    if (lag < 1) {
      throw new IllegalArgumentException(
          "genesis rank.lag_blocks is " + lag + ": header h would commit to the focus of block h"
              + " itself, which no producer can know while making it; use 1 or more");
    }
    GenesisPin.pinOrCheck(dataDir, genesis.hash());
    Parts p = new Parts();
    p.config = config;
    p.genesis = genesis;
    p.validatorKey = validatorKey;
    p.store =
        ChainStore.open(
            dataDir.resolve(STORE_DIR),
            new StoreOptions(
                (long) config.store.blockCacheMb << 20, (long) config.store.writeBufferMb << 20));
    try {
      ChainRules rules = ChainRules.of(genesis);
      p.state = AppState.open(genesis, p.store);
      TxPreparer preparer = new TxPreparer(rules, new SignatureCache(config.mempool.cacheSize));
      p.mempool = new Mempool(config.mempool, p.state, preparer);
      p.waiters = new CommitWaiters(config.mempool.maxTxs);
      Map<ByteKey, Long> balances = new HashMap<>();
      for (Account a : p.state.accounts().all()) {
        balances.put(a.address(), a.balance());
      }
      RankRestore restore = new RankRestore(p.store, lag);
      p.rank = restore.restore(genesis.rankParams(), rankThreads(config), balances, new RankListener(p));
      p.linkers = new Linkers(restore.neuronsWithLinks());
      p.signerKeys = new SignerKeys(p.store);
      ChainHead head = restoreHead(p.store, p.state);
      ValidatorSet validators = validatorSet(genesis);
      BlockAssembler assembler =
          new BlockAssembler(genesis.chainId(), genesis.genesisTimeNs(), validators, lag);
      p.committer = new BlockCommitter(p.store, p.state, p.mempool, p.rank, lag, head);
      p.committer.addListener(new BlockLog());
      p.committer.addListener(p.waiters);
      p.committer.addListener(p.linkers);
      p.committer.addListener(p.signerKeys);
      // txs of synced blocks are prepared ahead on block sync's verify threads
      p.ahead = new PreparedAhead(preparer, p.mempool, PREPARED_AHEAD_TXS);
      BlockEvidence blockEvidence = openEvidence(p, validators);
      p.app = new ChainApp(assembler, p.state, new BlockExecutor(p.state, preparer, p.ahead), p.mempool,
          p.rank, p.committer, blockEvidence);
      p.engine = engineFor(p, validators, dataDir);
      CyberNode node = new CyberNode(p);
      p.node = node;
      LOG.info("node open at height {} (app hash {}), rank at height {}, chain {}",
          head.height(), hex(p.state.appHash()), p.rank.latest().height(), genesis.chainId());
      return node;
    } catch (RuntimeException e) {
      if (p.rank != null) {
        p.rank.close();
      }
      p.store.close();
      throw e;
    }
  }

  /** The evidence pool on the store, and what puts its evidence into blocks and checks it. */
  private static BlockEvidence openEvidence(Parts p, ValidatorSet validators) {
    Genesis.EvidenceGenesis g = p.genesis.file().evidence;
    ChainStore store = p.store;
    p.validatorSets = ValidatorSets.fixed(validators, store::latestHeight);
    EvidenceVerifier verifier = new EvidenceVerifier(p.genesis.chainId(), p.validatorSets,
        new EvidenceParams(g.maxAgeBlocks, g.maxPerBlock), store.evidence());
    p.evidence = new EvidencePool(store.evidence(), verifier, store::latestHeight,
        p.config.evidence.maxPending);
    EvidencePool pool = p.evidence;
    p.committer.addListener(e -> pool.committed(e.block()));
    return new BlockEvidence(verifier, pool);
  }

  /** Forwards rank events to the node once it exists. */
  private record RankListener(Parts parts) implements RankPipeline.Listener {
    @Override
    public void computed(RankSnapshot snapshot) {
      CyberNode node = parts.node;
      if (node != null) {
        for (RankPipeline.Listener l : node.rankListeners) {
          l.computed(snapshot);
        }
      }
    }

    @Override
    public void halted(RankHaltException error) {
      CyberNode node = parts.node;
      if (node != null) {
        node.halt(error);
      }
    }
  }

  private static int rankThreads(NodeConfig config) {
    return config.rank.threads > 0
        ? config.rank.threads
        : Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  private static BlockEngine engineFor(Parts p, ValidatorSet validators, Path dataDir) {
    if (p.validatorKey == null) {
      LOG.info("no validator key: this node follows the chain (full node)");
      return null;
    }
    byte[] address = p.validatorKey.address();
    long total = 0;
    long ours = 0;
    int index = -1;
    for (int i = 0; i < validators.getValidatorsCount(); i++) {
      Validator v = validators.getValidators(i);
      total += v.getPower();
      if (Arrays.equals(v.getAddress().toByteArray(), address)) {
        ours = v.getPower();
        index = i;
      }
    }
    if (index < 0) {
      LOG.warn("this node's validator key {} is not in the validator set: the node follows the"
          + " chain without voting", hex(address));
      return null;
    }
    if (validators.getValidatorsCount() > 1) {
      // several validators: Tendermint consensus, which needs the network (NodeService attaches it)
      LOG.info("validator {} of {} with {} of {} voting power: blocks are decided by BFT consensus",
          index, validators.getValidatorsCount(), ours, total);
      p.consensusValidator = true;
      return null;
    }
    int validatorIndex = index;
    return new SoloProducer(
        p.app,
        ConsensusSigner.open(dataDir, p.validatorKey, p.genesis.chainId()),
        validatorIndex,
        new PendingBlockFile(dataDir),
        p.config.consensus.timeoutCommitMs,
        CyberNode::wallClockNanos,
        error -> p.node.halt(error));
  }

  private static long wallClockNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** The genesis validators as the header's validator set (in genesis order). */
  public static ValidatorSet validatorSet(ChainGenesis genesis) {
    ValidatorSet.Builder set = ValidatorSet.newBuilder();
    for (ChainGenesis.Validator v : genesis.validators()) {
      set.addValidators(
          Validator.newBuilder()
              .setAddress(ByteString.copyFrom(v.address()))
              .setPublicKey(ByteString.copyFrom(v.publicKey()))
              .setPower(v.power()));
    }
    return set.build();
  }

  private static ChainHead restoreHead(ChainStore store, AppState state) {
    long height = store.latestHeight();
    byte[] frontier = store.linksFrontier();
    byte[] linksRoot =
        frontier.length == 0 ? new MerkleFrontier().root() : MerkleFrontier.fromBytes(frontier).root();
    byte[] resultsHash = AppHash.resultsHash(store.txs().hashesAt(height));
    if (height == 0) {
      return new ChainHead(0, io.cybergraph.proto.pb.BlockID.getDefaultInstance(), null, null, 0,
          linksRoot, state.accounts().root(), resultsHash, state.appHash());
    }
    try {
      Block block = Block.parseFrom(store.blocks().block(height).orElseThrow());
      Commit commit = Commit.parseFrom(store.commits().at(height).orElseThrow());
      return new ChainHead(height, BlockHashes.blockId(block), block.getHeader(), commit,
          store.linkCount(), linksRoot, state.accounts().root(), resultsHash, state.appHash());
    } catch (InvalidProtocolBufferException | java.util.NoSuchElementException e) {
      throw new StoreException("block or commit of height " + height + " is unreadable", e);
    }
  }

  /** Starts the rank thread and the block engine. */
  public void start() {
    rank.start();
    if (engine != null) {
      engine.start();
    }
  }

  /** Stops the node because it must not continue; {@link #halted()} completes with the reason. */
  public void halt(RuntimeException reason) {
    if (halted.complete(reason)) {
      LOG.error("node halted: {}", reason.getMessage());
    }
  }

  /** Completes if the node halts (rank mismatch, signing refused, a block it cannot commit). */
  public CompletableFuture<RuntimeException> halted() {
    return halted;
  }

  public void addRankListener(RankPipeline.Listener listener) {
    rankListeners.add(listener);
  }

  public void addCommitListener(CommitListener listener) {
    committer.addListener(listener);
  }

  public NodeConfig config() {
    return config;
  }

  public ChainGenesis genesis() {
    return genesis;
  }

  public ChainStore store() {
    return store;
  }

  public AppState state() {
    return state;
  }

  public Mempool mempool() {
    return mempool;
  }

  public RankPipeline rank() {
    return rank;
  }

  public ChainHead head() {
    return committer.head();
  }

  public ChainApp app() {
    return app;
  }

  public CommitWaiters waiters() {
    return waiters;
  }

  /** Neurons that made at least one committed link. */
  public Linkers linkers() {
    return linkers;
  }

  /** Public keys of accounts that signed committed txs. */
  public SignerKeys signerKeys() {
    return signerKeys;
  }

  /** Pending evidence of misbehaviour (consensus reports equivocations here). */
  public EvidencePool evidence() {
    return evidence;
  }

  /** The validator set of each height this node knows. */
  public ValidatorSets validatorSets() {
    return validatorSets;
  }

  /** This node's validator key, or null for a full node. */
  public KeyPair validatorKey() {
    return validatorKey;
  }

  /** The commit path for blocks this node does not make: block sync applies them through it. */
  public ChainBlockApplier blockApplier() {
    return new ChainBlockApplier(app, ahead, committer);
  }

  /** The focus vectors this node serves to peers taking up a rank snapshot. */
  public PipelineFocusSource focusSource() {
    return new PipelineFocusSource(rank, store, genesis.file().rank.lagBlocks);
  }

  /** Where rank snapshot sync puts a focus fetched from peers. */
  public ChainFocusTarget focusTarget() {
    return new ChainFocusTarget(store, rank, genesis.file().rank.lagBlocks);
  }

  /** True when this node makes blocks alone (the only validator). */
  public boolean producing() {
    return engine != null && !consensusValidator;
  }

  /** True when this node is one of several validators: it votes in BFT consensus. */
  public boolean consensusValidator() {
    return consensusValidator;
  }

  /** The data folder's signer state and WAL belong to the engine attached here. */
  public synchronized void attachEngine(BlockEngine engine) {
    if (!consensusValidator || this.engine != null) {
      throw new IllegalStateException("a block engine is attached only to a consensus validator,"
          + " once");
    }
    this.engine = engine;
  }

  /**
   * Stops the engine (finishing a block being committed), the rank thread (abandoning a
   * computation in progress), then closes the store.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (engine != null) {
      engine.close();
    }
    rank.close();
    waiters.close();
    store.close();
    LOG.info("node stopped at height {}", committer.head().height());
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
