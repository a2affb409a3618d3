package io.cybergraph.p2p.channel;

import io.cybergraph.p2p.transport.Frames;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.ControlMessage;
import io.cybergraph.proto.pb.Disconnect;
import io.cybergraph.proto.pb.DisconnectReason;
import io.cybergraph.proto.pb.Handshake;
import io.cybergraph.proto.pb.PeerStatus;
import io.cybergraph.proto.pb.Ping;
import io.cybergraph.proto.pb.Pong;

/** Encoded Envelopes of the p2p layer's own messages (handshake and control channels). */
public final class ControlMessages {

  private ControlMessages() {}

  public static byte[] handshake(Handshake handshake) {
    return Frames.envelope(Channel.CHANNEL_HANDSHAKE, handshake.toByteString());
  }

  public static byte[] ping(long nonce) {
    return control(ControlMessage.newBuilder().setPing(Ping.newBuilder().setNonce(nonce)).build());
  }

  public static byte[] pong(long nonce) {
    return control(ControlMessage.newBuilder().setPong(Pong.newBuilder().setNonce(nonce)).build());
  }

  public static byte[] status(long height) {
    return control(
        ControlMessage.newBuilder().setStatus(PeerStatus.newBuilder().setHeight(height)).build());
  }

  public static byte[] disconnect(DisconnectReason reason, String detail) {
    return control(
        ControlMessage.newBuilder()
            .setDisconnect(Disconnect.newBuilder().setReason(reason).setDetail(detail))
            .build());
  }

  private static byte[] control(ControlMessage message) {
    return Frames.envelope(Channel.CHANNEL_CONTROL, message.toByteString());
  }
}
