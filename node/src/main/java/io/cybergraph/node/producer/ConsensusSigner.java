package io.cybergraph.node.producer;

import io.cybergraph.consensus.signer.LastSigned;
import io.cybergraph.consensus.signer.Signer;
import io.cybergraph.consensus.signer.SigningRefusedException;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Vote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The producer's {@link VoteSigner}: the consensus module's {@link Signer}, which stores the last
 * signed (height, round, step, sign bytes, signature) in {@code data/priv_validator_state} and
 * syncs it before a signature is returned, refuses a different vote at a signed step and hands
 * back the stored signature for the same vote.
 */
public final class ConsensusSigner implements VoteSigner {
  public static final String FILE_NAME = "priv_validator_state";

  private final Signer signer;
  private final String chainId;

  private ConsensusSigner(Signer signer, String chainId) {
    this.signer = signer;
    this.chainId = chainId;
  }

  /** Opens the signer state in {@code dataDir} (none yet when the file is absent). */
  public static ConsensusSigner open(Path dataDir, KeyPair key, String chainId) {
    try {
      return new ConsensusSigner(Signer.open(dataDir.resolve(FILE_NAME), key), chainId);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the signer state (refusing to sign without it): " + e.getMessage(), e);
    }
  }

  @Override
  public Vote sign(Vote vote) {
    try {
      return signer.signVote(vote, chainId);
    } catch (SigningRefusedException e) {
      throw new DoubleSignException(e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the signature: " + e.getMessage(), e);
    }
  }

  @Override
  public SignedRecord lastSigned() {
    LastSigned last = signer.lastSigned();
    if (last.height() == 0) {
      return SignedRecord.NONE;
    }
    return new SignedRecord(last.height(), last.round(), last.step().ordinal() + 1,
        last.signBytes(), last.signature());
  }

  @Override
  public byte[] address() {
    return signer.address();
  }
}
