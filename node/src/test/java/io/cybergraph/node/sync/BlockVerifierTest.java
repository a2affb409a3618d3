package io.cybergraph.node.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.BlockResponse;
import io.cybergraph.proto.pb.Header;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BlockVerifierTest {
  @TempDir Path dir;
  private TestHistory history;
  private BlockVerifier verifier;

  @BeforeEach
  void setUp() {
    history = new TestHistory(dir, new TestValidators("test-chain", 10, 10, 10));
    history.grow(4, 2, 3);
    verifier = new BlockVerifier("test-chain", history.validators.set);
  }

  @AfterEach
  void tearDown() {
    history.close();
  }

  @Test
  void aStoredBlockWithItsCommitVerifiesAndContinuesItsChain() throws Exception {
    for (long h = 1; h <= 4; h++) {
      VerifiedBlock b = verifier.verify(history.response(h), h);
      assertEquals(history.blockId(h), b.blockId());
      verifier.checkLinks(b, h - 1, h == 1 ? BlockID.getDefaultInstance() : history.blockId(h - 1));
    }
  }

  static java.util.stream.Stream<String> names() {
    return BadAnswers.NAMES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void aResponseThatDoesNotProveItselfIsThePeersFault(String name) {
    BlockResponse bad = BadAnswers.of(name, history).apply(history.response(3));
    String message = assertThrows(BadBlockException.class, () -> verifier.verify(bad, 3))
        .getMessage();
    assertTrue(message.contains(BadAnswers.reason(name)), message);
  }

  @Test
  void aResponseWithoutBlockOrCommitIsRefused() {
    BlockResponse r = history.response(2);
    assertThrows(BadBlockException.class,
        () -> verifier.verify(r.toBuilder().clearCommit().build(), 2));
    assertThrows(BadBlockException.class,
        () -> verifier.verify(r.toBuilder().clearBlock().build(), 2));
  }

  /** Block 3 changed by {@code tweak} and signed again by the validators. */
  private VerifiedBlock resigned(UnaryOperator<Block.Builder> tweak) throws Exception {
    Block block = tweak.apply(history.response(3).getBlock().toBuilder()).build();
    BlockResponse r = BlockResponse.newBuilder().setBlock(block)
        .setCommit(history.validators.commitAll(3, BlockHashes.blockId(block), 1)).build();
    return verifier.verify(r, 3);
  }

  private String halt(VerifiedBlock b) {
    ChainHaltException e = assertThrows(ChainHaltException.class,
        () -> verifier.checkLinks(b, 2, history.blockId(2)));
    assertEquals(3, e.height());
    return e.getMessage();
  }

  private static UnaryOperator<Block.Builder> header(UnaryOperator<Header.Builder> tweak) {
    return b -> b.setHeader(tweak.apply(b.getHeader().toBuilder()));
  }

  @Test
  void aSignedBlockThatDoesNotContinueTheChainHalts() throws Exception {
    ByteString junk = ByteString.copyFrom(new byte[32]);
    assertTrue(halt(resigned(header(h -> h.setLastBlockId(history.blockId(1)))))
        .contains("(fork)"));
    assertTrue(halt(resigned(header(h -> h.setChainId("other")))).contains("chain id \"other\""));
    assertTrue(halt(resigned(header(h -> h.setDataHash(junk)))).contains("data_hash"));
    assertTrue(halt(resigned(header(h -> h.setValidatorsHash(junk)))).contains("validators_hash"));
    assertTrue(halt(resigned(header(h -> h.setLastCommitHash(junk)))).contains("last_commit_hash"));
    assertTrue(halt(resigned(b -> b.setLastCommit(history.response(1).getCommit())))
        .contains("carries a last commit for block 1"));
    // the data changed and the header kept: data_hash no longer covers the txs
    assertTrue(halt(resigned(b -> b.setData(io.cybergraph.proto.pb.Data.newBuilder().addAllTxs(b.getData().getTxsList().subList(1, b.getData().getTxsCount())))))
        .startsWith("block 3 has data_hash"));
    // evidence added after the header was made: data_hash does not bind it
    io.cybergraph.proto.pb.Evidence e = io.cybergraph.node.evidence.Votes.equivocation(
        history.validators.keys[0], 0, 1);
    assertTrue(halt(resigned(b -> b.setEvidence(
        io.cybergraph.proto.pb.EvidenceList.newBuilder().addEvidence(e))))
        .startsWith("block 3 has data_hash"));
  }

  @Test
  void aBlockWhoseDataHashBindsItsEvidenceContinuesTheChain() throws Exception {
    io.cybergraph.proto.pb.Evidence e = io.cybergraph.node.evidence.Votes.equivocation(
        history.validators.keys[0], 0, 1);
    VerifiedBlock b = resigned(block -> {
      block.setEvidence(io.cybergraph.proto.pb.EvidenceList.newBuilder().addEvidence(e));
      return block.setHeader(block.getHeader().toBuilder()
          .setDataHash(ByteString.copyFrom(BlockHashes.dataHash(block.build()))));
    });
    verifier.checkLinks(b, 2, history.blockId(2)); // the evidence itself is checked on apply
  }
}
