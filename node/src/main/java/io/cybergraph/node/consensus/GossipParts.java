package io.cybergraph.node.consensus;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.PartSet;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.pb.BlockPart;
import io.cybergraph.proto.pb.PartSetHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete block cut into parts with their audit paths, computed once (a path costs a pass
 * over all parts) and sent to many peers.
 */
final class GossipParts {
  private final PartSetHeader header;
  private final List<ByteString> parts;
  private final List<List<ByteString>> proofs;

  private GossipParts(PartSetHeader header, List<ByteString> parts, List<List<ByteString>> proofs) {
    this.header = header;
    this.parts = parts;
    this.proofs = proofs;
  }

  static GossipParts of(byte[] blockBytes) {
    PartSet set = PartSet.of(blockBytes);
    List<ByteString> parts = new ArrayList<>(set.total());
    List<byte[]> leafHashes = new ArrayList<>(set.total());
    for (int i = 0; i < set.total(); i++) {
      byte[] part = set.part(i);
      parts.add(ByteString.copyFrom(part));
      leafHashes.add(Merkle.leafHash(part));
    }
    List<List<ByteString>> proofs = new ArrayList<>(set.total());
    for (int i = 0; i < set.total(); i++) {
      proofs.add(Merkle.proofOfLeafHashes(leafHashes, i).stream().map(ByteString::copyFrom)
          .toList());
    }
    return new GossipParts(set.header(), List.copyOf(parts), List.copyOf(proofs));
  }

  PartSetHeader header() {
    return header;
  }

  int total() {
    return parts.size();
  }

  BlockPart part(long height, int round, int index) {
    return BlockPart.newBuilder()
        .setHeight(height)
        .setRound(round)
        .setParts(header)
        .setIndex(index)
        .setBytes(parts.get(index))
        .addAllProof(proofs.get(index))
        .build();
  }
}
