package io.cybergraph.proto.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Data;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockHashesTest {

  static Header header() {
    return Header.newBuilder()
        .setChainId("cyber-1")
        .setHeight(12)
        .setTimeNs(-5) // negative times encode as 10-byte varints; hashed all the same
        .setLastBlockId(SignBytesTest.BLOCK)
        .setLastCommitHash(ByteString.copyFrom(Hashes.sha256(new byte[] {1})))
        .setDataHash(ByteString.copyFrom(Hashes.EMPTY_SHA256))
        .setValidatorsHash(ByteString.copyFrom(Hashes.sha256(new byte[] {2})))
        .setAppHash(ByteString.copyFrom(Hashes.sha256(new byte[] {3})))
        .setRankRoot(ByteString.copyFrom(Hashes.sha256(new byte[] {4})))
        .setRankHeight(10)
        .setProposer(ByteString.copyFrom(new byte[20]))
        .build();
  }

  @Test
  void headerLeavesAreOneFieldMessages() {
    Header h = header();
    List<byte[]> leaves = BlockHashes.headerLeaves(h);
    assertEquals(11, leaves.size());
    // the well-known wrappers are exactly the one-field messages { T value = 1; }
    assertArrayEquals(Protobufs.encode(StringValue.of(h.getChainId())), leaves.get(0));
    assertArrayEquals(Protobufs.encode(Int64Value.of(h.getHeight())), leaves.get(1));
    assertArrayEquals(Protobufs.encode(Int64Value.of(h.getTimeNs())), leaves.get(2));
    assertArrayEquals(
        Protobufs.encode(BytesValue.of(ByteString.copyFrom(Protobufs.encode(h.getLastBlockId())))),
        leaves.get(3));
    assertArrayEquals(Protobufs.encode(BytesValue.of(h.getLastCommitHash())), leaves.get(4));
    assertArrayEquals(Protobufs.encode(BytesValue.of(h.getProposer())), leaves.get(10));
    assertArrayEquals(Protobufs.encode(Int64Value.of(h.getRankHeight())), leaves.get(9));
    // each leaf is the field's own bytes in the header's encoding, with the tag renumbered to 1
    Header onlyAppHash = Header.newBuilder().setAppHash(h.getAppHash()).build();
    byte[] fieldBytes = Protobufs.encode(onlyAppHash);
    fieldBytes[0] = 0x0a; // tag (8 << 3 | 2) becomes (1 << 3 | 2)
    assertArrayEquals(fieldBytes, leaves.get(7));
    assertArrayEquals(Merkle.root(leaves), BlockHashes.headerHash(h));
  }

  @Test
  void defaultsGiveEmptyLeavesAndEveryFieldChangesTheHash() {
    for (byte[] leaf : BlockHashes.headerLeaves(Header.getDefaultInstance())) {
      assertEquals(0, leaf.length);
    }
    byte[] base = BlockHashes.headerHash(header());
    Header h = header();
    List<Header> changed =
        List.of(
            h.toBuilder().setChainId("cyber-2").build(),
            h.toBuilder().setHeight(13).build(),
            h.toBuilder().setTimeNs(6).build(),
            h.toBuilder().clearLastBlockId().build(),
            h.toBuilder().setLastCommitHash(ByteString.EMPTY).build(),
            h.toBuilder().setDataHash(ByteString.copyFrom(new byte[32])).build(),
            h.toBuilder().setValidatorsHash(ByteString.EMPTY).build(),
            h.toBuilder().setAppHash(ByteString.EMPTY).build(),
            h.toBuilder().setRankRoot(ByteString.EMPTY).build(),
            h.toBuilder().setRankHeight(11).build(),
            h.toBuilder().setProposer(ByteString.copyFrom(new byte[19])).build());
    for (Header other : changed) {
      assertFalse(java.util.Arrays.equals(base, BlockHashes.headerHash(other)), other.toString());
    }
  }

  @Test
  void dataCommitAndValidatorHashesAreRootsOverEncodings() {
    List<byte[]> txs = List.of(new byte[] {1, 2}, new byte[] {3});
    Data data = Data.newBuilder().addTxs(ByteString.copyFrom(txs.get(0))).addTxs(ByteString.copyFrom(txs.get(1))).build();
    assertArrayEquals(Merkle.root(txs), BlockHashes.dataHash(data));
    assertArrayEquals(Hashes.EMPTY_SHA256, BlockHashes.dataHash(Data.getDefaultInstance()));

    Vote v = SignBytesTest.vote(SignBytesTest.BLOCK);
    Commit commit = Commit.newBuilder().setHeight(5).addPrecommits(v).addPrecommits(v.toBuilder().setValidatorIndex(3)).build();
    assertArrayEquals(
        Merkle.root(List.of(Protobufs.encode(commit.getPrecommits(0)), Protobufs.encode(commit.getPrecommits(1)))),
        BlockHashes.commitHash(commit));
    assertArrayEquals(Hashes.EMPTY_SHA256, BlockHashes.commitHash(Commit.getDefaultInstance()));

    Validator val = Validator.newBuilder().setAddress(ByteString.copyFrom(new byte[20])).setPublicKey(ByteString.copyFrom(new byte[32])).setPower(10).build();
    assertArrayEquals(
        Merkle.root(List.of(Protobufs.encode(val))),
        BlockHashes.validatorsHash(ValidatorSet.newBuilder().addValidators(val).build()));
  }

  @Test
  void blockIdOfSmallBlockHasOnePart() {
    Block block = Block.newBuilder().setHeader(header()).build();
    BlockID id = BlockHashes.blockId(block);
    assertArrayEquals(BlockHashes.headerHash(header()), id.getHash().toByteArray());
    assertEquals(1, id.getParts().getTotal());
    assertArrayEquals(Merkle.root(List.of(Protobufs.encode(block))), id.getParts().getHash().toByteArray());
  }

  @Test
  void largeBlocksSplitIntoVerifiedPartsAndReassemble() {
    byte[] bytes = new byte[3 * PartSet.PART_SIZE + 123];
    new Random(1).nextBytes(bytes);
    PartSet parts = BlockHashes.partSet(bytes);
    assertEquals(4, parts.total());
    assertEquals(4, PartSet.partsFor(bytes.length));
    assertEquals(1, PartSet.partsFor(0));
    assertEquals(123, parts.part(3).length);
    PartSetHeader header = parts.header();
    PartSet.Assembler assembler = new PartSet.Assembler(header, 10);
    for (int i : new int[] {2, 0, 3, 1}) {
      assertFalse(assembler.isComplete());
      // a part under another index, a truncated part and a foreign proof are refused
      assertFalse(assembler.add((i + 1) % 4, parts.part(i), parts.proof(i)));
      byte[] shortPart = java.util.Arrays.copyOf(parts.part(i), parts.part(i).length - 1);
      assertFalse(assembler.add(i, shortPart, parts.proof(i)));
      assertTrue(assembler.add(i, parts.part(i), parts.proof(i)));
      assertFalse(assembler.add(i, parts.part(i), parts.proof(i)), "duplicate");
    }
    assertTrue(assembler.isComplete());
    assertArrayEquals(bytes, assembler.bytes());
    assertThrows(IllegalArgumentException.class, () -> new PartSet.Assembler(header, 3));
    assertThrows(IllegalArgumentException.class,
        () -> new PartSet.Assembler(PartSetHeader.getDefaultInstance(), 3));
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      expected.add(parts.part(i));
    }
    assertArrayEquals(Merkle.root(expected), header.getHash().toByteArray());
  }
}
