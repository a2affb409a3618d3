package io.cybergraph.node.sync;

import com.google.protobuf.CodedOutputStream;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.BlockRequest;
import io.cybergraph.proto.pb.BlockResponse;
import io.cybergraph.proto.pb.BlockSyncMessage;
import io.cybergraph.proto.pb.FocusChunk;
import io.cybergraph.proto.pb.FocusRequest;
import io.cybergraph.proto.pb.NoFocusResponse;
import io.cybergraph.proto.pb.NoBlockResponse;
import io.cybergraph.proto.pb.StatusRequest;
import io.cybergraph.proto.pb.StatusResponse;
import java.io.IOException;

/** Encodes the {@code BlockSyncMessage}s of {@code p2p.proto}. */
final class SyncMessages {
  private SyncMessages() {}

  static byte[] statusRequest() {
    return encode(BlockSyncMessage.newBuilder()
        .setStatusRequest(StatusRequest.getDefaultInstance()).build());
  }

  static byte[] statusResponse(long base, long height) {
    return encode(BlockSyncMessage.newBuilder()
        .setStatusResponse(StatusResponse.newBuilder().setBase(base).setHeight(height)).build());
  }

  static byte[] blockRequest(long height) {
    return encode(BlockSyncMessage.newBuilder()
        .setBlockRequest(BlockRequest.newBuilder().setHeight(height)).build());
  }

  static byte[] noBlock(long height) {
    return encode(BlockSyncMessage.newBuilder()
        .setNoBlockResponse(NoBlockResponse.newBuilder().setHeight(height)).build());
  }

  /**
   * A {@code BlockResponse} from the stored encodings of the block and its commit, without
   * parsing them: the same bytes protobuf would write for the parsed messages.
   */
  static byte[] blockResponse(byte[] block, byte[] commit) {
    int inner = CodedOutputStream.computeByteArraySize(BlockResponse.BLOCK_FIELD_NUMBER, block)
        + CodedOutputStream.computeByteArraySize(BlockResponse.COMMIT_FIELD_NUMBER, commit);
    int field = BlockSyncMessage.BLOCK_RESPONSE_FIELD_NUMBER;
    byte[] out = new byte[CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    try {
      stream.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
      stream.writeUInt32NoTag(inner);
      stream.writeByteArray(BlockResponse.BLOCK_FIELD_NUMBER, block);
      stream.writeByteArray(BlockResponse.COMMIT_FIELD_NUMBER, commit);
    } catch (IOException e) {
      throw new IllegalStateException("encoding into an array cannot fail", e);
    }
    stream.checkNoSpaceLeft();
    return out;
  }

  static byte[] focusRequest(long height, int chunk) {
    return encode(BlockSyncMessage.newBuilder()
        .setFocusRequest(FocusRequest.newBuilder().setHeight(height).setChunk(chunk)).build());
  }

  static byte[] focusChunk(FocusChunk chunk) {
    return encode(BlockSyncMessage.newBuilder().setFocusChunk(chunk).build());
  }

  static byte[] noFocus(long height) {
    return encode(BlockSyncMessage.newBuilder()
        .setNoFocusResponse(NoFocusResponse.newBuilder().setHeight(height)).build());
  }

  private static byte[] encode(BlockSyncMessage m) {
    return Protobufs.encode(m);
  }
}
