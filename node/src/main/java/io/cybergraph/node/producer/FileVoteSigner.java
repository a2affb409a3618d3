package io.cybergraph.node.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A {@link VoteSigner} that keeps the last signed (height, round, step, sign bytes, signature)
 * in {@code data/priv_validator_state.json}, written and synced before a signature is
 * returned: a validator killed at any instant and restarted never signs a different vote at a
 * height, round and step it already signed.
 */
public final class FileVoteSigner implements VoteSigner {
  public static final String FILE_NAME = "priv_validator_state.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private final DurableFile state;
  private final KeyPair key;
  private final String chainId;
  private SignedRecord last;

  private FileVoteSigner(DurableFile state, KeyPair key, String chainId, SignedRecord last) {
    this.state = state;
    this.key = key;
    this.chainId = chainId;
    this.last = last;
  }

  /** Opens the signer with the state in {@code dataDir} (none yet if the file is absent). */
  public static FileVoteSigner open(Path dataDir, KeyPair key, String chainId) {
    DurableFile file = new DurableFile(dataDir.resolve(FILE_NAME));
    SignedRecord last = file.read().map(bytes -> parse(file.path(), bytes)).orElse(SignedRecord.NONE);
    return new FileVoteSigner(file, key, chainId, last);
  }

  @Override
  public synchronized SignedRecord lastSigned() {
    return last;
  }

  @Override
  public byte[] address() {
    return key.address();
  }

  @Override
  public synchronized Vote sign(Vote vote) {
    int step = switch (vote.getType()) {
      case VOTE_TYPE_PREVOTE -> 2;
      case VOTE_TYPE_PRECOMMIT -> 3;
      default -> throw new IllegalArgumentException("not a vote type: " + vote.getType());
    };
    byte[] signBytes = SignBytes.vote(vote, chainId);
    int order = compare(vote.getHeight(), vote.getRound(), step);
    byte[] signature;
    if (order < 0) {
      throw new DoubleSignException(
          "refused to sign " + vote.getType() + " at height "
              + vote.getHeight() + " round " + vote.getRound() + ": already signed height "
              + last.height() + " round " + last.round() + " step " + last.step());
    } else if (order == 0) {
      if (!MessageDigest.isEqual(signBytes, last.signBytes())) {
        throw new DoubleSignException(
            "refused to sign a different vote at height " + vote.getHeight() + " round "
                + vote.getRound() + " step " + step + ": double signing");
      }
      signature = last.signature(); // the same vote again: the same signature
    } else {
      signature = key.sign(signBytes);
      SignedRecord next =
          new SignedRecord(vote.getHeight(), vote.getRound(), step, signBytes, signature);
      state.write(encode(next)); // durable before the signature leaves
      last = next;
    }
    return vote.toBuilder().setSignature(ByteString.copyFrom(signature)).build();
  }

  private int compare(long height, int round, int step) {
    int c = Long.compare(height, last.height());
    if (c == 0) {
      c = Integer.compare(round, last.round());
    }
    if (c == 0) {
      c = Integer.compare(step, last.step());
    }
    return c;
  }

  private static byte[] encode(SignedRecord r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("height", r.height());
    node.put("round", r.round());
    node.put("step", r.step());
    node.put("sign_bytes", HEX.formatHex(r.signBytes()));
    node.put("signature", HEX.formatHex(r.signature()));
    return (node.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static SignedRecord parse(Path file, byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      return new SignedRecord(
          node.required("height").asLong(),
          node.required("round").asInt(),
          node.required("step").asInt(),
          HEX.parseHex(node.required("sign_bytes").asText()),
          HEX.parseHex(node.required("signature").asText()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "signer state " + file + " is unreadable (" + e.getMessage() + "): refusing to sign"
              + " without knowing what was signed before", e);
    }
  }
}
