package io.cybergraph.node.sync;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.pb.BlockID;
import java.util.HexFormat;

/** Hex for log lines and error messages. */
final class Hex {
  private Hex() {}

  static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static String of(ByteString bytes) {
    return of(bytes.toByteArray());
  }

  /** A block ID as its hash (or "nil"). */
  static String of(BlockID id) {
    return id.getHash().isEmpty() ? "nil" : of(id.getHash());
  }
}
