package io.cybergraph.proto.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cybergraph.proto.codec.PartSet;
import io.cybergraph.proto.merkle.MerkleFrontier;
import io.cybergraph.proto.pb.PartSetHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;

/**
 * What peers send to be checked against a root: block parts with their Merkle audit paths (the
 * consensus channel) and links frontiers (snapshots). A part must verify exactly when it is the
 * genuine part with its genuine path, whatever the peer changed; a frontier either parses back
 * to its bytes or is refused with the declared exception. Runs as {@link ParserFuzzTest} does.
 */
@Tag("fuzz")
class ProofFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void blockPartVerifiesOnlyWhenGenuine(FuzzedDataProvider data) {
    // a block of 1 to 5 parts, its bytes from a seed: the fuzzer spends its input on the attack
    int length = data.consumeInt(1, 4 * PartSet.PART_SIZE + 1000);
    byte[] block = new byte[length];
    new SplittableRandom(data.consumeLong()).nextBytes(block);
    PartSet set = PartSet.of(block);
    PartSetHeader header = set.header();
    int genuineIndex = data.consumeInt(0, set.total() - 1);

    int index = data.consumeBoolean() ? genuineIndex : data.consumeInt();
    byte[] part = set.part(genuineIndex);
    List<byte[]> proof = new ArrayList<>(set.proof(genuineIndex));
    switch (data.consumeInt(0, 5)) {
      case 0 -> { } // as sent by an honest peer (maybe at another index)
      case 1 -> part[data.consumeInt(0, part.length - 1)] ^= (byte) data.consumeInt(1, 255);
      case 2 -> {
        if (!proof.isEmpty()) {
          byte[] step = proof.get(data.consumeInt(0, proof.size() - 1));
          step[data.consumeInt(0, step.length - 1)] ^= (byte) data.consumeInt(1, 255);
        }
      }
      case 3 -> proof.add(data.consumeInt(0, proof.size()), data.consumeBytes(33));
      case 4 -> {
        if (!proof.isEmpty()) {
          proof.remove(data.consumeInt(0, proof.size() - 1));
        }
      }
      default -> part = data.consumeBytes(PartSet.PART_SIZE + 1);
    }

    boolean genuine = index == genuineIndex
        && Arrays.equals(part, set.part(genuineIndex))
        && sameSteps(proof, set.proof(genuineIndex));
    assertEquals(genuine, PartSet.verify(header, index, part, proof));

    PartSet.Assembler assembler = new PartSet.Assembler(header, 8);
    assertEquals(genuine, assembler.add(index, part, proof));
  }

  @FuzzTest(maxDuration = "60s")
  void frontierParsesBackToItsBytesOrIsRefused(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    MerkleFrontier frontier;
    try {
      frontier = MerkleFrontier.fromBytes(bytes);
    } catch (IllegalArgumentException expected) {
      return; // declared refusal
    }
    assertArrayEquals(bytes, frontier.toBytes());
    assertEquals(frontier.root().length, 32);
  }

  private static boolean sameSteps(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
