package io.cybergraph.consensus.signer;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator's signer with double-sign protection (small and separate, like Teku's slashing
 * protection): before a signature leaves this class, the (height, round, step), the sign bytes and
 * the signature are stored durably in the state file ({@link SignStateFile}).
 *
 * <ul>
 *   <li>a request below the last signed (height, round, step) is refused (regression);
 *   <li>a request at the last (height, round, step) gets the stored signature back if its sign
 *       bytes are the same, and is refused if they differ (double signing);
 *   <li>anything later is signed, stored, then returned.
 * </ul>
 *
 * Sign bytes are {@link SignBytes#vote} / {@link SignBytes#proposal}: the deterministic encodings
 * of CanonicalVote / CanonicalProposal with the chain id. Steps order proposal &lt; prevote &lt;
 * precommit within a round.
 */
public final class Signer {
  private static final Logger log = LoggerFactory.getLogger(Signer.class);

  private final Path stateFile;
  private final KeyPair key;
  private LastSigned last;

  private Signer(Path stateFile, KeyPair key, LastSigned last) {
    this.stateFile = stateFile;
    this.key = key;
    this.last = last;
  }

  /**
   * Opens the signer with the state stored in {@code stateFile} (none yet if it is absent).
   *
   * @throws IOException naming the file if it is damaged, including a stored signature that
   *     does not verify with {@code key} over the stored sign bytes
   */
  public static Signer open(Path stateFile, KeyPair key) throws IOException {
    LastSigned last = SignStateFile.read(stateFile);
    // A file cut inside its last line (a torn write, a bad copy) still parses when the cut
    // leaves an even number of hex digits: the signer would then hand that stub back as the
    // signature of a message it re-sends after a restart. A file of another key is as wrong.
    if (last.height() > 0 && !Ed25519.verify(key.publicKey(), last.signBytes(), last.signature())) {
      throw new IOException(stateFile + ": the stored signature does not verify with this"
          + " validator's key over the stored sign bytes (damaged, or another validator's file)");
    }
    return new Signer(stateFile, key, last);
  }

  /** The last signature given out (as stored). */
  public synchronized LastSigned lastSigned() {
    return last;
  }

  /** The 20-byte address of the signing key. */
  public byte[] address() {
    return key.address();
  }

  /** {@code vote} with its signature set; see the class comment for when it is refused. */
  public synchronized Vote signVote(Vote vote, String chainId)
      throws SigningRefusedException, IOException {
    SignStep step;
    if (vote.getType() == VoteType.VOTE_TYPE_PREVOTE) {
      step = SignStep.PREVOTE;
    } else if (vote.getType() == VoteType.VOTE_TYPE_PRECOMMIT) {
      step = SignStep.PRECOMMIT;
    } else {
      throw new IllegalArgumentException("not a vote type: " + vote.getType());
    }
    byte[] signature = sign(vote.getHeight(), vote.getRound(), step, SignBytes.vote(vote, chainId));
    return vote.toBuilder().setSignature(ByteString.copyFrom(signature)).build();
  }

  /** {@code proposal} with its signature set; see the class comment for when it is refused. */
  public synchronized Proposal signProposal(Proposal proposal, String chainId)
      throws SigningRefusedException, IOException {
    byte[] signature =
        sign(
            proposal.getHeight(),
            proposal.getRound(),
            SignStep.PROPOSAL,
            SignBytes.proposal(proposal, chainId));
    return proposal.toBuilder().setSignature(ByteString.copyFrom(signature)).build();
  }

  private byte[] sign(long height, int round, SignStep step, byte[] signBytes)
      throws SigningRefusedException, IOException {
    if (height < 1 || round < 0) {
      throw new IllegalArgumentException("height must be >= 1 and round >= 0");
    }
    int order = last.compareTo(height, round, step);
    if (order > 0) {
      throw new SigningRefusedException(
          String.format(
              "refused to sign %s at height %d round %d: already signed %s at height %d round %d",
              step, height, round, last.step(), last.height(), last.round()));
    }
    if (order == 0) {
      if (last.sameBytes(signBytes)) {
        return last.signature(); // the same message again: the same signature
      }
      log.error("double sign refused: different {} at height {} round {}", step, height, round);
      throw new SigningRefusedException(
          String.format(
              "refused to sign a different %s at height %d round %d: double signing",
              step, height, round));
    }
    byte[] signature = key.sign(signBytes);
    LastSigned next = new LastSigned(height, round, step, signBytes, signature);
    SignStateFile.write(stateFile, next); // durable before the signature leaves
    last = next;
    return signature;
  }
}
