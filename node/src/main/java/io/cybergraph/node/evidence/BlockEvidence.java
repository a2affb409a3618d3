package io.cybergraph.node.evidence;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.EvidenceList;
import io.cybergraph.store.NewEvidence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evidence in blocks: what a proposer includes (up to {@code evidence.max_per_block} pending
 * items that verify at the block's height, oldest first) and the check every node makes of a
 * block's evidence (at most {@code max_per_block} items, each equivocation key once, each
 * verifying at the block's height); a block that fails it is rejected.
 */
public final class BlockEvidence {
  private final EvidenceVerifier verifier;
  private final EvidencePool pool;

  /** @param pool where a proposer takes evidence from, or null to propose none */
  public BlockEvidence(EvidenceVerifier verifier, EvidencePool pool) {
    this.verifier = verifier;
    this.pool = pool;
  }

  /** The evidence for a block at {@code height} this node proposes. */
  public EvidenceList select(long height) {
    EvidenceList.Builder out = EvidenceList.newBuilder();
    if (pool == null) {
      return out.build();
    }
    int max = verifier.params().maxPerBlock();
    for (VerifiedEvidence pending : pool.pending()) {
      if (out.getEvidenceCount() >= max) {
        break;
      }
      try {
        out.addEvidence(verifier.verify(pending.evidence(), height).evidence());
      } catch (InvalidEvidenceException e) {
        if (e.rejection() == Rejection.TOO_OLD || e.rejection() == Rejection.ALREADY_COMMITTED) {
          pool.drop(pending.key());
        } // UNKNOWN_HEIGHT: votes of this very height, for a later block
      }
    }
    return out.build();
  }

  /**
   * Checks a block's evidence.
   *
   * @return the items to store with the block
   * @throws InvalidEvidenceException naming the first item that fails and why
   */
  public List<NewEvidence> verify(Block block) throws InvalidEvidenceException {
    long height = block.getHeader().getHeight();
    EvidenceList list = block.getEvidence();
    int max = verifier.params().maxPerBlock();
    if (list.getEvidenceCount() > max) {
      throw new InvalidEvidenceException(Rejection.BAD_BLOCK_EVIDENCE, "block " + height
          + " carries " + list.getEvidenceCount() + " evidence items, at most " + max);
    }
    Set<ByteKey> keys = new HashSet<>();
    List<NewEvidence> out = new ArrayList<>(list.getEvidenceCount());
    for (int i = 0; i < list.getEvidenceCount(); i++) {
      Evidence e = list.getEvidence(i);
      VerifiedEvidence v;
      try {
        v = verifier.verify(e, height);
      } catch (InvalidEvidenceException ex) {
        throw new InvalidEvidenceException(ex.rejection(), "evidence " + i + ": " + ex.getMessage());
      }
      if (!keys.add(v.key())) {
        throw new InvalidEvidenceException(Rejection.BAD_BLOCK_EVIDENCE, "evidence " + i
            + " repeats an equivocation already in the block (" + EvidenceVerifier.slot(v.voteA()) + ")");
      }
      out.add(v.toStore());
    }
    return out;
  }

  /** The store entries of a block's evidence that was verified before (no signature checks). */
  public static List<NewEvidence> toStore(Block block) {
    List<NewEvidence> out = new ArrayList<>(block.getEvidence().getEvidenceCount());
    for (Evidence e : block.getEvidence().getEvidenceList()) {
      out.add(VerifiedEvidence.of(e, 0).toStore());
    }
    return out;
  }
}
