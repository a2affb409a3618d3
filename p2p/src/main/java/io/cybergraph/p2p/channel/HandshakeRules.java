package io.cybergraph.p2p.channel;

import io.cybergraph.p2p.ChainIdentity;
import io.cybergraph.proto.pb.DisconnectReason;
import io.cybergraph.proto.pb.Handshake;
import com.google.protobuf.ByteString;
import java.util.HexFormat;

/**
 * The handshake each side sends right after TLS, and the rules a peer's handshake must pass:
 * same protocol version, chain id and genesis hash, sane values.
 */
public final class HandshakeRules {

  /** Version of the p2p protocol; peers with another version are refused. */
  public static final int PROTOCOL_VERSION = 1;

  static final int MAX_MONIKER_CHARS = 128;
  static final int MAX_LISTEN_ADDRESS_CHARS = 256;

  private final ChainIdentity chain;
  private final ByteString genesisHash;

  public HandshakeRules(ChainIdentity chain) {
    this.chain = chain;
    this.genesisHash = ByteString.copyFrom(chain.genesisHash());
  }

  /** This node's handshake. */
  public Handshake ours(long height, String moniker, String listenAddress) {
    return Handshake.newBuilder()
        .setProtocolVersion(PROTOCOL_VERSION)
        .setChainId(chain.chainId())
        .setGenesisHash(genesisHash)
        .setHeight(height)
        .setMoniker(moniker)
        .setListenAddress(listenAddress)
        .build();
  }

  /** Why the peer's handshake is refused, or {@code null} if it is accepted. */
  public Refusal check(Handshake theirs) {
    if (theirs.getProtocolVersion() != PROTOCOL_VERSION) {
      return new Refusal(DisconnectReason.DISCONNECT_REASON_WRONG_CHAIN,
          "protocol version " + theirs.getProtocolVersion() + ", ours is " + PROTOCOL_VERSION,
          false);
    }
    if (!theirs.getChainId().equals(chain.chainId())) {
      return new Refusal(DisconnectReason.DISCONNECT_REASON_WRONG_CHAIN,
          "chain id \"" + theirs.getChainId() + "\", ours is \"" + chain.chainId() + "\"", false);
    }
    if (!theirs.getGenesisHash().equals(genesisHash)) {
      return new Refusal(DisconnectReason.DISCONNECT_REASON_WRONG_CHAIN,
          "genesis hash " + hex(theirs.getGenesisHash()) + ", ours is " + hex(genesisHash),
          false);
    }
    if (theirs.getHeight() < 0) {
      return new Refusal(DisconnectReason.DISCONNECT_REASON_PROTOCOL_VIOLATION,
          "negative height " + theirs.getHeight() + " in handshake", true);
    }
    if (theirs.getMoniker().length() > MAX_MONIKER_CHARS
        || theirs.getListenAddress().length() > MAX_LISTEN_ADDRESS_CHARS) {
      return new Refusal(DisconnectReason.DISCONNECT_REASON_PROTOCOL_VIOLATION,
          "moniker or listen address too long in handshake", true);
    }
    return null;
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  /**
   * A refused handshake.
   *
   * @param reason what the other side is told
   * @param detail for the logs of both sides
   * @param misbehaviour whether the peer is banned for it
   */
  public record Refusal(DisconnectReason reason, String detail, boolean misbehaviour) {}
}
