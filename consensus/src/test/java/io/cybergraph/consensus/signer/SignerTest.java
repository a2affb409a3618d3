package io.cybergraph.consensus.signer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerTest {
  static final String CHAIN = "test-chain";
  static final KeyPair KEY = KeyPair.fromSeed(filled(7));

  static byte[] filled(int b) {
    byte[] x = new byte[32];
    Arrays.fill(x, (byte) b);
    return x;
  }

  static BlockID block(int b) {
    return BlockID.newBuilder()
        .setHash(ByteString.copyFrom(filled(b)))
        .setParts(
            PartSetHeader.newBuilder().setTotal(1).setHash(ByteString.copyFrom(filled(b + 1))))
        .build();
  }

  static Vote vote(VoteType type, long h, int r, BlockID id, long time) {
    return Vote.newBuilder()
        .setType(type)
        .setHeight(h)
        .setRound(r)
        .setBlockId(id)
        .setTimestampNs(time)
        .setValidatorAddress(ByteString.copyFrom(KEY.address()))
        .setValidatorIndex(0)
        .build();
  }

  static Vote prevote(long h, int r, BlockID id) {
    return vote(VoteType.VOTE_TYPE_PREVOTE, h, r, id, 1000);
  }

  @Test
  void signsVerifiablyAndPersistsBeforeReturning(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("priv_validator_state");
    Signer signer = Signer.open(file, KEY);
    Vote signed = signer.signVote(prevote(5, 0, block(1)), CHAIN);
    assertTrue(
        Ed25519.verify(
            KEY.publicKey(), SignBytes.vote(signed, CHAIN), signed.getSignature().toByteArray()));
    // the state on disk already holds what was returned
    LastSigned stored = SignStateFile.read(file);
    assertEquals(5, stored.height());
    assertEquals(SignStep.PREVOTE, stored.step());
    assertArrayEquals(signed.getSignature().toByteArray(), stored.signature());
    assertArrayEquals(SignBytes.vote(signed, CHAIN), stored.signBytes());
    assertFalse(Files.exists(dir.resolve("priv_validator_state.tmp")), "temp file renamed away");
  }

  @Test
  void theSameMessageGetsTheSameSignatureADifferentOneIsRefused(@TempDir Path dir)
      throws Exception {
    Signer signer = Signer.open(dir.resolve("state"), KEY);
    Vote first = signer.signVote(prevote(5, 0, block(1)), CHAIN);
    Vote again = signer.signVote(prevote(5, 0, block(1)), CHAIN);
    assertEquals(first, again);
    SigningRefusedException e =
        assertThrows(
            SigningRefusedException.class, () -> signer.signVote(prevote(5, 0, block(3)), CHAIN));
    assertTrue(e.getMessage().contains("double signing"), e.getMessage());
    // only the timestamp differs: still different sign bytes, still refused
    assertThrows(
        SigningRefusedException.class,
        () -> signer.signVote(vote(VoteType.VOTE_TYPE_PREVOTE, 5, 0, block(1), 2000), CHAIN));
    // nil is a different vote too
    assertThrows(
        SigningRefusedException.class,
        () -> signer.signVote(prevote(5, 0, BlockID.getDefaultInstance()), CHAIN));
  }

  @Test
  void regressionsAreRefusedProgressIsSigned(@TempDir Path dir) throws Exception {
    Signer signer = Signer.open(dir.resolve("state"), KEY);
    signer.signVote(vote(VoteType.VOTE_TYPE_PRECOMMIT, 5, 2, block(1), 1), CHAIN);
    // lower step, round, height
    assertThrows(
        SigningRefusedException.class, () -> signer.signVote(prevote(5, 2, block(1)), CHAIN));
    assertThrows(
        SigningRefusedException.class, () -> signer.signVote(prevote(5, 1, block(1)), CHAIN));
    assertThrows(
        SigningRefusedException.class, () -> signer.signVote(prevote(4, 9, block(1)), CHAIN));
    assertThrows(
        SigningRefusedException.class,
        () ->
            signer.signProposal(
                Proposal.newBuilder()
                    .setHeight(5)
                    .setRound(2)
                    .setPolRound(-1)
                    .setBlockId(block(1))
                    .build(),
                CHAIN));
    // later round, then a proposal of a later round, then its prevote, then a new height
    signer.signProposal(
        Proposal.newBuilder().setHeight(5).setRound(3).setPolRound(-1).setBlockId(block(1)).build(),
        CHAIN);
    signer.signVote(prevote(5, 3, block(1)), CHAIN);
    signer.signVote(prevote(6, 0, block(2)), CHAIN);
    assertEquals(6, signer.lastSigned().height());
  }

  @Test
  void afterARestartAConflictingVoteIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("state");
    Vote signed = Signer.open(file, KEY).signVote(prevote(9, 1, block(1)), CHAIN);
    Signer restarted = Signer.open(file, KEY);
    assertThrows(
        SigningRefusedException.class, () -> restarted.signVote(prevote(9, 1, block(4)), CHAIN));
    assertThrows(
        SigningRefusedException.class, () -> restarted.signVote(prevote(9, 0, block(4)), CHAIN));
    assertEquals(signed, restarted.signVote(prevote(9, 1, block(1)), CHAIN));
    restarted.signVote(vote(VoteType.VOTE_TYPE_PRECOMMIT, 9, 1, block(1), 1), CHAIN);
  }

  @Test
  void aDamagedStateFileStopsTheSignerWithItsName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state");
    Files.writeString(file, "height=5\nround=0\n", StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> Signer.open(file, KEY));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    Files.writeString(
        file, "height=5\nround=0\nstep=7\nsign_bytes=00\nsignature=00\n", StandardCharsets.UTF_8);
    assertThrows(IOException.class, () -> Signer.open(file, KEY));
    Files.writeString(
        file, "height=5\nround=0\nstep=2\nsign_bytes=zz\nsignature=00\n", StandardCharsets.UTF_8);
    assertThrows(IOException.class, () -> Signer.open(file, KEY));
  }

  @Test
  void aStateFileCutInsideItsSignatureStopsTheSigner(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("state");
    Signer.open(file, KEY).signVote(prevote(4, 0, block(1)), CHAIN);
    String whole = Files.readString(file, StandardCharsets.UTF_8);
    int signature = whole.indexOf("signature=") + "signature=".length();
    // cut at an even number of hex digits, as a torn write may leave it: still parses
    for (int keep : new int[] {0, 2, 64, 126}) {
      Files.writeString(file, whole.substring(0, signature + keep), StandardCharsets.UTF_8);
      IOException e = assertThrows(IOException.class, () -> Signer.open(file, KEY), "kept " + keep);
      assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
    // another validator's file is refused the same way
    Files.writeString(file, whole, StandardCharsets.UTF_8);
    assertThrows(IOException.class, () -> Signer.open(file, KeyPair.fromSeed(filled(8))));
    assertEquals(4, Signer.open(file, KEY).lastSigned().height(), "the whole file opens");
  }

  @Test
  void aLeftoverTempFileFromACrashIsIgnored(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("state");
    Vote signed = Signer.open(file, KEY).signVote(prevote(3, 0, block(1)), CHAIN);
    // a crash between writing the temp file and the rename leaves the old state in force
    Files.writeString(dir.resolve("state.tmp"), "garbage", StandardCharsets.UTF_8);
    Signer restarted = Signer.open(file, KEY);
    assertEquals(signed, restarted.signVote(prevote(3, 0, block(1)), CHAIN));
  }
}
