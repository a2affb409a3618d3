package io.cybergraph.node.sync;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.chain.ChainApp;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.BlockResponse;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.store.ChainStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A chain made in a test by a real node ({@link CyberNode}: RocksDB, app state, mempool, rank
 * thread) through the node's own commit path: each block is proposed from the mempool by
 * {@link ChainApp}, signed by the test validators (a commit of all of them) and committed. The
 * node itself holds no validator key, so no producer runs beside the test. A follower is a
 * second node of the same genesis ({@link #follower}).
 */
final class TestHistory implements AutoCloseable {
  static final int NEURONS = 6;

  final TestValidators validators;
  final ChainGenesis genesis;
  final CyberNode node;
  final ChainStore store;
  private final long[] sequences = new long[NEURONS];
  private long nextLink;

  TestHistory(Path dir, TestValidators validators) {
    this.validators = validators;
    this.genesis = genesis(validators);
    this.node = CyberNode.open(config(), genesis, null, dir);
    this.node.start();
    this.store = node.store();
  }

  /** Genesis: the validators, neurons key(0..5) with equal stake, a large bandwidth budget. */
  static ChainGenesis genesis(TestValidators validators) {
    Genesis g = new Genesis();
    g.chainId = validators.chainId;
    g.genesisTime = "2026-11-01T00:00:00Z";
    for (int i = 0; i < validators.keys.length; i++) {
      Genesis.GenesisValidator v = new Genesis.GenesisValidator();
      v.name = "v" + i;
      v.publicKey = HexFormat.of().formatHex(validators.keys[i].publicKey());
      v.power = validators.set.getValidators(i).getPower();
      g.validators.add(v);
    }
    for (int i = 0; i < NEURONS; i++) {
      Genesis.GenesisAccount a = new Genesis.GenesisAccount();
      a.name = "n" + i;
      a.address = Address.toBech32(TestChain.key(i).address());
      a.balance = "1000000";
      g.accounts.add(a);
    }
    g.bandwidth.budgetLinks = 1L << 39;
    g.bandwidth.windowBlocks = 10;
    return GenesisLoader.parse(GenesisLoader.toJson(g), "genesis.json");
  }

  /** One rank thread, a small store, no metrics. */
  static NodeConfig config() {
    NodeConfig c = new NodeConfig();
    c.rank.threads = 1;
    c.store.blockCacheMb = 8;
    c.store.writeBufferMb = 8;
    c.metrics.enabled = false;
    c.validate();
    return c;
  }

  /** A node of this chain at genesis on {@code dir}, without a validator key: it follows. */
  CyberNode follower(Path dir) {
    return follower(dir, config());
  }

  /** The same with {@code config} (a benchmark's: the node's default store sizes). */
  CyberNode follower(Path dir, NodeConfig config) {
    CyberNode follower = CyberNode.open(config, genesis, null, dir);
    follower.start();
    return follower;
  }

  long height() {
    return node.head().height();
  }

  /** Appends {@code blocks} blocks of {@code txs} txs with {@code linksPerTx} links each. */
  void grow(int blocks, int txs, int linksPerTx) {
    for (int i = 0; i < blocks; i++) {
      List<byte[]> block = new ArrayList<>();
      for (int t = 0; t < txs; t++) {
        block.add(linksTx((int) ((height() + t) % NEURONS), linksPerTx));
      }
      commitNext(block);
    }
  }

  /** A signed tx of {@code neuron} with {@code links} new links (its next sequence). */
  byte[] linksTx(int neuron, int links) {
    List<Link> list = new ArrayList<>();
    for (int l = 0; l < links; l++) {
      long n = nextLink++;
      list.add(TxBuilder.link(TestChain.cid((int) n), TestChain.cid((int) (n % 997) + 50_000_000)));
    }
    return TxBuilder.build(genesis.chainId(), TestChain.key(neuron), sequences[neuron]++,
        List.of(TxBuilder.cyberlink(list)), "");
  }

  /**
   * The next block with {@code txs} (through the mempool, as the producer makes it), signed by
   * every validator and committed.
   */
  Block commitNext(List<byte[]> txs) {
    for (byte[] tx : txs) {
      if (!node.mempool().contains(ByteKey.of(Hashes.sha256(tx)))) { // maybe gossiped already
        node.mempool().add(tx);
      }
    }
    long height = height() + 1;
    ChainApp app = node.app();
    RankSnapshot rank;
    try {
      rank = app.awaitRank(height);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    ChainApp.Candidate c = app.propose(validators.keys[0].address(), rank);
    if (c.block().getData().getTxsCount() != txs.size()) {
      throw new AssertionError("block " + height + " left out some txs");
    }
    Commit commit = validators.commitAll(height, c.blockId(),
        c.block().getHeader().getTimeNs() + 1_000_000_000L);
    app.commit(c, commit, System.nanoTime());
    return c.block();
  }

  /** The stored block and commit at {@code height}, as a peer answers them. */
  BlockResponse response(long height) {
    try {
      return BlockResponse.newBuilder()
          .setBlock(Block.parseFrom(store.blocks().block(height).orElseThrow()))
          .setCommit(Commit.parseFrom(store.commits().at(height).orElseThrow()))
          .build();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  BlockID blockId(long height) {
    return response(height).getCommit().getBlockId();
  }

  @Override
  public void close() {
    node.close();
  }
}
