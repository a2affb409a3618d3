package io.cybergraph.p2p.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.proto.pb.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Parses each frame into an {@link Envelope}, strictly: fields this version does not know are
 * an error too, since a frame of random bytes often parses as unknown fields.
 */
public final class EnvelopeDecoder extends MessageToMessageDecoder<ByteBuf> {

  public EnvelopeDecoder() {
    super(ByteBuf.class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out)
      throws InvalidProtocolBufferException {
    Envelope envelope;
    try (ByteBufInputStream in = new ByteBufInputStream(frame)) {
      envelope = Envelope.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (java.io.IOException e) {
      throw new InvalidProtocolBufferException(e.getMessage());
    }
    if (!envelope.getUnknownFields().asMap().isEmpty()) {
      throw new InvalidProtocolBufferException(
          "envelope has unknown fields " + envelope.getUnknownFields().asMap().keySet());
    }
    out.add(envelope);
  }
}
