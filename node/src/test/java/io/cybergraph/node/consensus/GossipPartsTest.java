package io.cybergraph.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.PartSet;
import io.cybergraph.proto.pb.BlockPart;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GossipPartsTest {
  @Test
  void everyPartOfAMultiPartBlockVerifiesAgainstItsPartSetRootAndReassembles() {
    byte[] block = new byte[3 * PartSet.PART_SIZE + 1234];
    new Random(7).nextBytes(block);
    GossipParts parts = GossipParts.of(block);
    assertEquals(PartSet.of(block).header(), parts.header());
    assertEquals(4, parts.total());
    PartSet.Assembler assembler = new PartSet.Assembler(parts.header(), 16);
    for (int i = 0; i < parts.total(); i++) {
      BlockPart p = parts.part(9, 2, i);
      assertEquals(9, p.getHeight());
      assertEquals(2, p.getRound());
      List<byte[]> proof = p.getProofList().stream().map(ByteString::toByteArray).toList();
      assertTrue(PartSet.verify(p.getParts(), i, p.getBytes().toByteArray(), proof), "part " + i);
      assertFalse(PartSet.verify(p.getParts(), (i + 1) % 4, p.getBytes().toByteArray(), proof),
          "a part does not verify at another index");
      assertTrue(assembler.add(i, p.getBytes().toByteArray(), proof));
    }
    assertTrue(assembler.isComplete());
    assertEquals(ByteString.copyFrom(block), ByteString.copyFrom(assembler.bytes()));
  }
}
