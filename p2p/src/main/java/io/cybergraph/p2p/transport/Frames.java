package io.cybergraph.p2p.transport;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.Envelope;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * The frame format: a 4-byte big-endian length, then that many bytes of one protobuf
 * {@link Envelope}. The length counts the Envelope only and is at most the configured max
 * frame size.
 */
public final class Frames {

  /** Bytes of the length prefix. */
  public static final int PREFIX_BYTES = 4;

  private Frames() {}

  /** Adds the length-prefix codec (in and out) to a pipeline behind the TLS handler. */
  public static void addCodec(ChannelPipeline pipeline, int maxFrameBytes) {
    // failFast: an oversized length is refused as soon as the prefix is read, before any body
    pipeline.addLast("frame-decoder",
        new LengthFieldBasedFrameDecoder(
            maxFrameBytes + PREFIX_BYTES, 0, PREFIX_BYTES, 0, PREFIX_BYTES, true));
    pipeline.addLast("frame-encoder", new LengthFieldPrepender(PREFIX_BYTES));
  }

  /** The encoded Envelope for a channel message (without the prefix, which the codec adds). */
  public static byte[] envelope(Channel channel, byte[] payload) {
    return Envelope.newBuilder()
        .setChannel(channel)
        .setPayload(ByteString.copyFrom(payload))
        .build()
        .toByteArray();
  }

  /** The encoded Envelope for a channel message given as a ByteString. */
  public static byte[] envelope(Channel channel, ByteString payload) {
    return Envelope.newBuilder().setChannel(channel).setPayload(payload).build().toByteArray();
  }
}
