package io.cybergraph.node.sync;

import io.cybergraph.proto.merkle.MerkleFrontier;
import io.cybergraph.proto.pb.FocusChunk;
import io.cybergraph.rank.tree.RankTree;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A focus being received from a peer, chunk by chunk: each checked chunk is hashed into the
 * rank tree (spec §6, an RFC 6962 tree built leaf by leaf in index order) and dropped, keeping
 * only the values. So what a lying peer can make this node hold is 8 bytes per particle it
 * actually sends (plus the few chunks in flight that arrived ahead of their turn), not every
 * chunk's particle texts until the last one arrives and the root is found wrong.
 */
final class FocusAssembly {
  private final FocusChunk first;
  private final MerkleFrontier tree = new MerkleFrontier();
  /** Chunks that arrived before their turn, by index (at most the requests in flight). */
  private final Map<Integer, FocusChunk> early = new HashMap<>();
  private long[] values = new long[0];
  private int nextChunk;

  /** @param first chunk 0, checked ({@link FocusVerifier#checkFirst}) */
  FocusAssembly(FocusChunk first) {
    this.first = first;
  }

  /** Takes a checked chunk (again: ignored); hashes every chunk whose turn has come. */
  void add(FocusChunk chunk) {
    int index = chunk.getChunk();
    if (index < nextChunk) {
      return;
    }
    early.putIfAbsent(index, chunk);
    for (FocusChunk next = early.remove(nextChunk); next != null;
        next = early.remove(nextChunk)) {
      hash(next);
      nextChunk++;
    }
  }

  boolean complete() {
    return nextChunk == first.getChunks();
  }

  /** The whole vector, if it hashes to the rank root of chunk 0's committed header. */
  VerifiedFocus finish() throws BadFocusException {
    byte[] root = tree.root();
    byte[] committed = first.getHeader().getRankRoot().toByteArray();
    if (!Arrays.equals(root, committed)) {
      throw new BadFocusException("the focus of height " + first.getHeight() + " hashes to "
          + Hex.of(root) + ", header " + first.getHeader().getHeight() + " commits to "
          + Hex.of(committed));
    }
    return new VerifiedFocus(first.getHeight(), values, root, first.getHeader().getHeight());
  }

  private void hash(FocusChunk chunk) {
    int at = (int) tree.size();
    int count = chunk.getValuesCount();
    if (values.length < at + count) {
      // grows with what arrives: the announced count is only the peer's word
      values = Arrays.copyOf(values, Math.max(at + count, Math.min(
          (int) first.getParticles(), Math.max(16, 2 * values.length))));
    }
    for (int i = 0; i < count; i++) {
      long value = chunk.getValues(i);
      values[at + i] = value;
      tree.appendLeafHash(RankTree.leafHash(at + i, value, chunk.getCids(i)), null);
    }
  }
}
