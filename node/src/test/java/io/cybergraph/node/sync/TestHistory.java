package io.cybergraph.node.sync;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.BlockResponse;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Data;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A chain made in a test: validators sign a commit for every block, neurons link particles, and
 * each block is applied to a source store (what a serving node holds). Blocks follow the header
 * rules (BFT time, last block id and commit, data/validators/app hashes); rank is not run, the
 * rank root is SHA-256("").
 */
final class TestHistory implements AutoCloseable {
  static final StoreOptions SMALL = new StoreOptions(16L << 20, 8L << 20);
  static final long GENESIS_TIME_NS = 1_790_000_000_000_000_000L;
  static final int NEURONS = 6;

  final TestValidators validators;
  final ChainStore store;
  /** The source node's state (for a mempool over it). */
  final TestChain chain = genesis();
  final StoreBlockApplier applier;
  private final long[] sequences = new long[NEURONS];
  private Commit lastCommit;
  private long nextLink;

  TestHistory(Path dir, TestValidators validators) {
    this.validators = validators;
    this.store = ChainStore.open(dir, SMALL);
    this.applier = new StoreBlockApplier(TestChain.CHAIN_ID, validators.set, store, chain.state,
        chain.preparer);
  }

  /** The genesis state of this chain (same accounts and rules every time). */
  static TestChain genesis() {
    long[] balances = new long[NEURONS];
    java.util.Arrays.fill(balances, 1_000_000);
    return new TestChain(1L << 39, 10, balances);
  }

  /** A node at genesis over {@code store}: what a fresh full node applies synced blocks with. */
  StoreBlockApplier freshApplier(ChainStore target) {
    TestChain chain = genesis();
    return new StoreBlockApplier(TestChain.CHAIN_ID, validators.set, target, chain.state,
        chain.preparer);
  }

  long height() {
    return applier.height();
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
    return TxBuilder.build(TestChain.CHAIN_ID, TestChain.key(neuron), sequences[neuron]++,
        List.of(TxBuilder.cyberlink(list)), "");
  }

  /** Builds, signs (every validator) and applies the next block. */
  Block commitNext(List<byte[]> txs) {
    Block block = buildNext(txs, h -> h);
    Commit commit = sign(block);
    applier.apply(block, commit);
    lastCommit = commit;
    return block;
  }

  /** The next block with {@code txs}, its header changed by {@code tweak} (before hashing). */
  Block buildNext(List<byte[]> txs, UnaryOperator<Header.Builder> tweak) {
    long height = height() + 1;
    Data.Builder data = Data.newBuilder();
    for (byte[] tx : txs) {
      data.addTxs(ByteString.copyFrom(tx));
    }
    Header.Builder header = Header.newBuilder()
        .setChainId(TestChain.CHAIN_ID)
        .setHeight(height)
        .setTimeNs(height == 1 ? GENESIS_TIME_NS : bftTime(lastCommit))
        .setLastCommitHash(ByteString.copyFrom(
            lastCommit == null ? Hashes.EMPTY_SHA256 : BlockHashes.commitHash(lastCommit)))
        .setDataHash(ByteString.copyFrom(BlockHashes.dataHash(txs)))
        .setValidatorsHash(ByteString.copyFrom(BlockHashes.validatorsHash(validators.set)))
        .setAppHash(ByteString.copyFrom(applierAppHash()))
        .setRankRoot(ByteString.copyFrom(Hashes.EMPTY_SHA256))
        .setRankHeight(Math.max(0, height - 2))
        .setProposer(validators.set.getValidators(0).getAddress());
    Block.Builder block = Block.newBuilder().setData(data);
    if (height > 1) {
      header.setLastBlockId(applier.lastBlockId());
      block.setLastCommit(lastCommit);
    }
    return block.setHeader(tweak.apply(header)).build();
  }

  /** A commit of every validator for {@code block}, a second after its time. */
  Commit sign(Block block) {
    return validators.commitAll(block.getHeader().getHeight(), BlockHashes.blockId(block),
        block.getHeader().getTimeNs() + 1_000_000_000L);
  }

  private byte[] applierAppHash() {
    long h = height();
    return h == 0 ? genesis().state.appHash() : store.appHash(h).orElseThrow();
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

  /** The power-weighted median of the commit's timestamps (all powers are taken as given). */
  private long bftTime(Commit commit) {
    List<Vote> votes = new ArrayList<>(commit.getPrecommitsList());
    votes.sort(Comparator.comparingLong(Vote::getTimestampNs));
    long total = 0;
    for (Vote v : votes) {
      total += validators.set.getValidators(v.getValidatorIndex()).getPower();
    }
    long sum = 0;
    for (Vote v : votes) {
      sum += validators.set.getValidators(v.getValidatorIndex()).getPower();
      if (sum > total / 2) {
        return v.getTimestampNs();
      }
    }
    throw new AssertionError("empty commit");
  }

  @Override
  public void close() {
    store.close();
  }
}
