package io.cybergraph.node.net;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.evidence.EvidenceGossip;
import io.cybergraph.node.evidence.EvidencePool;
import io.cybergraph.node.gossip.GossipConfig;
import io.cybergraph.node.gossip.TxGossip;
import io.cybergraph.node.mempool.Mempool;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.node.sync.BlockApplier;
import io.cybergraph.node.sync.BlockSource;
import io.cybergraph.node.sync.BlockSync;
import io.cybergraph.node.sync.ChainHaltException;
import io.cybergraph.node.sync.FocusSource;
import io.cybergraph.node.sync.FocusTarget;
import io.cybergraph.node.sync.SnapshotSettings;
import io.cybergraph.node.sync.SyncConfig;
import io.cybergraph.node.sync.SyncStatus;
import io.cybergraph.p2p.ChainIdentity;
import io.cybergraph.p2p.NodeKey;
import io.cybergraph.p2p.P2pConfig;
import io.cybergraph.p2p.P2pNode;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A node's presence on the network: the p2p node (from config.toml's {@code [p2p]} and the node
 * key), tx gossip over the node's mempool, evidence gossip over its evidence pool, and block sync over its store — serving only, or
 * following the chain through a {@link BlockApplier} (a full node). Start it after the node's
 * state is open; tell it about every block the node commits itself ({@link #committed}).
 */
public final class NodeNetwork implements AutoCloseable {
  private final P2pNode p2p;
  private final TxGossip gossip;
  private final BlockSync sync;
  private final BlockSource blocks;
  private EvidenceGossip evidence;

  /**
   * @param follow the commit path to follow the chain with, or null for a node that makes its
   *     own blocks (it only serves them)
   * @param onHalt told when a block the validators committed disagrees with this node's state
   */
  public NodeNetwork(NodeConfig config, NodeKey key, ChainGenesis genesis, Mempool mempool,
      BlockSource blocks, BlockApplier follow, Consumer<ChainHaltException> onHalt) {
    this(P2pSettings.from(config), key, genesis, mempool, blocks, follow, false, onHalt);
  }

  /**
   * @param consensus true on a consensus validator: block sync only catches up while peers are
   *     more than one block ahead, and consensus commits the rest through the same {@code follow}
   */
  public NodeNetwork(NodeConfig config, NodeKey key, ChainGenesis genesis, Mempool mempool,
      BlockSource blocks, BlockApplier follow, boolean consensus,
      Consumer<ChainHaltException> onHalt) {
    this(P2pSettings.from(config), key, genesis, mempool, blocks, follow, consensus, onHalt);
  }

  /** As above from a p2p config already made (tests adjust it). */
  public NodeNetwork(P2pConfig p2pConfig, NodeKey key, ChainGenesis genesis, Mempool mempool,
      BlockSource blocks, BlockApplier follow, Consumer<ChainHaltException> onHalt) {
    this(p2pConfig, key, genesis, mempool, blocks, follow, false, onHalt);
  }

  /** As above from a p2p config already made (tests adjust it). */
  public NodeNetwork(P2pConfig p2pConfig, NodeKey key, ChainGenesis genesis, Mempool mempool,
      BlockSource blocks, BlockApplier follow, boolean consensus,
      Consumer<ChainHaltException> onHalt) {
    this.p2p = new P2pNode(p2pConfig, key, new ChainIdentity(genesis.chainId(), genesis.hash()));
    this.blocks = blocks;
    this.gossip = new TxGossip(p2p, mempool, GossipConfig.defaults());
    if (follow == null) {
      this.sync = BlockSync.serving(p2p, blocks, SyncConfig.defaults());
    } else if (consensus) {
      this.sync = BlockSync.catchingUp(p2p, blocks, follow, SyncConfig.defaults(), onHalt);
    } else {
      this.sync = BlockSync.following(p2p, blocks, follow, SyncConfig.defaults(), onHalt);
    }
  }

  /**
   * Rank snapshot sync: serve {@code focus}, and (a following node, with {@code target}) take up
   * a verified focus when far behind. Call before {@link #start}.
   */
  public void withRankSnapshots(FocusSource focus, FocusTarget target, SnapshotSettings settings) {
    sync.withRankSnapshots(focus, target, settings);
  }

  /** Gossips the pool's evidence on CHANNEL_EVIDENCE (call before {@link #start}). */
  public synchronized void gossipEvidence(EvidencePool pool) {
    if (evidence != null) {
      throw new IllegalStateException("evidence gossip already set");
    }
    evidence = new EvidenceGossip(p2p, pool);
  }

  /**
   * Starts gossip and sync, then listens and dials the persistent peers.
   *
   * @throws IOException if the listen address cannot be bound
   */
  public void start() throws IOException {
    p2p.setLocalHeight(blocks.height());
    gossip.start();
    if (evidence != null) {
      evidence.start();
    }
    sync.start();
    try {
      p2p.start();
    } catch (IOException e) {
      sync.stop();
      gossip.stop();
      throw e;
    }
  }

  /** This node committed a block: peers learn its height (and following nodes fetch it). */
  public void committed(long height) {
    p2p.setLocalHeight(height);
    sync.committedElsewhere(height);
  }

  /**
   * True while a peer is more than one block ahead and serving its blocks: a validator syncs
   * before it votes ({@link BlockSync#fetchingAhead}).
   */
  public boolean behind() {
    return sync.fetchingAhead();
  }

  /**
   * Admits a tx to the mempool and gossips it (the RPC's broadcast routes call this).
   *
   * @throws io.cybergraph.node.app.tx.TxRefusedException with the reason
   */
  public ByteKey submitTx(byte[] raw) {
    return gossip.submit(raw);
  }

  /** Registers {@code /net_info}. */
  public void registerRpc(RpcRoutes routes) {
    routes.register(RpcEndpoint.NET_INFO, new NetInfoHandler(p2p));
  }

  public SyncStatus syncStatus() {
    return sync.status();
  }

  public P2pNode p2p() {
    return p2p;
  }

  public TxGossip gossip() {
    return gossip;
  }

  /** Stops sync and gossip, then closes every connection. */
  @Override
  public void close() {
    sync.stop();
    gossip.stop();
    if (evidence != null) {
      evidence.stop();
    }
    p2p.stop();
  }
}
