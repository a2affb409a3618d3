package io.cybergraph.p2p.channel;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.p2p.MessageHandler;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.proto.pb.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each application message to the handler of its channel. The handshake and control
 * channels belong to the p2p layer and take no handlers.
 */
public final class ChannelRouter {

  private final Map<Channel, MessageHandler> handlers = new ConcurrentHashMap<>();

  /** True for the channels the application may use (mempool, block sync, consensus, evidence). */
  public static boolean isApplicationChannel(Channel channel) {
    return channel != null
        && channel != Channel.UNRECOGNIZED
        && channel != Channel.CHANNEL_HANDSHAKE
        && channel != Channel.CHANNEL_CONTROL;
  }

  /** Sets (or with {@code null} removes) the handler of an application channel. */
  public void setHandler(Channel channel, MessageHandler handler) {
    requireApplicationChannel(channel);
    if (handler == null) {
      handlers.remove(channel);
    } else {
      handlers.put(channel, handler);
    }
  }

  /**
   * Passes one message to its channel's handler.
   *
   * @return false if no handler is set for the channel (the message is dropped)
   */
  public boolean dispatch(NodeId from, Channel channel, byte[] payload)
      throws InvalidProtocolBufferException, PeerMisbehaviourException {
    MessageHandler handler = handlers.get(channel);
    if (handler == null) {
      return false;
    }
    handler.onMessage(from, payload);
    return true;
  }

  public static void requireApplicationChannel(Channel channel) {
    if (!isApplicationChannel(channel)) {
      throw new IllegalArgumentException(
          "channel " + channel + " is not an application channel (the p2p layer owns it)");
    }
  }
}
