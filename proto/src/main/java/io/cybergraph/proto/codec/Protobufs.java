package io.cybergraph.proto.codec;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;

/**
 * The one way the protocol encodes a message: protobuf's deterministic serialisation (fields in
 * field-number order, proto3 defaults omitted, minimal varints, no unknown fields of our own).
 */
public final class Protobufs {

  private Protobufs() {}

  /** The deterministic encoding of {@code message}. */
  public static byte[] encode(MessageLite message) {
    byte[] out = new byte[message.getSerializedSize()];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    stream.useDeterministicSerialization();
    try {
      message.writeTo(stream);
    } catch (IOException e) {
      throw new IllegalStateException("encoding into an array cannot fail", e);
    }
    stream.checkNoSpaceLeft();
    return out;
  }
}
