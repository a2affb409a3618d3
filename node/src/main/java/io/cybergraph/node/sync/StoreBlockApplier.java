package io.cybergraph.node.sync;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.BlockExecution;
import io.cybergraph.node.app.BlockExecutor;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.InvalidBlockException;
import io.cybergraph.node.app.state.Account;
import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.state.ExecutedLink;
import io.cybergraph.node.app.state.ParticleRef;
import io.cybergraph.node.app.tx.TxPreparer;
import io.cybergraph.node.app.tx.PreparedTxSource;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.CommittedBlock;
import io.cybergraph.store.NewLink;
import io.cybergraph.store.Particle;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal commit path over {@link BlockExecutor} and {@link ChainStore}: checks the header's
 * app hash against the state, executes the block (its txs prepared ahead on the verify threads,
 * {@link PreparedAhead}), writes it with its commit in one batch and commits the state. No rank
 * (the header's rank root is not checked).
 *
 * <p>Stands in for the node's commit path until that lands; starts from the state it is given
 * and keeps the latest block ID in memory.
 */
public final class StoreBlockApplier implements BlockApplier {
  private final String chainId;
  private final ValidatorSet validators;
  private final ChainStore store;
  private final AppState state;
  private final BlockExecutor executor;
  private final PreparedAhead ahead;
  private volatile BlockID lastBlockId = BlockID.getDefaultInstance();

  public StoreBlockApplier(String chainId, ValidatorSet validators, ChainStore store,
      AppState state, TxPreparer preparer) {
    if (store.latestHeight() != state.height()) {
      throw new IllegalArgumentException("store at height " + store.latestHeight()
          + ", state at " + state.height());
    }
    if (state.height() != 0) {
      throw new IllegalArgumentException("starts from the genesis state only");
    }
    this.chainId = chainId;
    this.validators = validators;
    this.store = store;
    this.state = state;
    this.ahead = new PreparedAhead(preparer, PreparedTxSource.NONE, 100_000);
    this.executor = new BlockExecutor(state, preparer, ahead);
  }

  @Override
  public String chainId() {
    return chainId;
  }

  @Override
  public ValidatorSet validators() {
    return validators;
  }

  @Override
  public long height() {
    return state.height();
  }

  @Override
  public BlockID lastBlockId() {
    return lastBlockId;
  }

  /** Decodes and checks the txs ahead, so execution finds them prepared. */
  @Override
  public void prepare(Block block) {
    ahead.prepare(block);
  }

  @Override
  public synchronized void apply(Block block, Commit commit) {
    long height = state.height() + 1;
    ByteString appHash = ByteString.copyFrom(state.appHash());
    if (!block.getHeader().getAppHash().equals(appHash)) {
      throw new ChainHaltException(height, "has app_hash " + Hex.of(block.getHeader().getAppHash())
          + ", this node's app hash after block " + (height - 1) + " is " + Hex.of(appHash));
    }
    List<byte[]> txs = new ArrayList<>(block.getData().getTxsCount());
    for (ByteString tx : block.getData().getTxsList()) {
      txs.add(tx.toByteArray());
    }
    BlockExecution execution;
    try {
      execution = executor.execute(height, txs);
    } catch (InvalidBlockException e) {
      throw new ChainHaltException(height, "is invalid for this node: " + e.getMessage());
    } finally {
      ahead.forget(block);
    }
    store.write(committed(execution, Protobufs.encode(block), commit));
    state.commit(execution);
    lastBlockId = commit.getBlockId();
  }

  /** What the store keeps of an executed block. */
  static CommittedBlock committed(BlockExecution e, byte[] blockBytes, Commit commit) {
    CommittedBlock.Builder b = CommittedBlock.builder(e.height())
        .block(commit.getBlockId().getHash().toByteArray(), blockBytes, Protobufs.encode(commit))
        .state(e.linksFrontier(), e.appHash());
    for (ByteKey hash : e.txHashes()) {
      b.tx(hash.bytes());
    }
    for (ParticleRef p : e.newParticles()) {
      b.particle(new Particle(p.index(), p.key().bytes(), p.text()));
    }
    for (ExecutedLink l : e.links()) {
      b.link(new NewLink(l.neuron().bytes(), l.from().index(), l.to().index(), l.txIndex()));
    }
    for (Account a : e.changedAccounts()) {
      b.account(a.address().bytes(), a.encode());
    }
    return b.build();
  }
}
