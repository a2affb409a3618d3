package io.cybergraph.node.rpc.handlers;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.rpc.RpcException;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Commit;

/** Reads of committed blocks shared by the handlers, with the contract's 404s. */
final class ChainReads {
  private ChainReads() {}

  /** The latest height or 404 when there is no block yet. */
  static long latest(CyberNode node) {
    long latest = node.head().height();
    if (latest == 0) {
      throw RpcException.notFound("unknown_height", "no block yet (the chain is at height 0)");
    }
    return latest;
  }

  /** {@code height} if it is committed, else 404 naming the latest. */
  static long committed(CyberNode node, long height) {
    long latest = node.head().height();
    if (height > latest) {
      throw RpcException.notFound(
          "unknown_height", "no block at height " + height + " (latest is " + latest + ")");
    }
    return height;
  }

  static Block block(CyberNode node, long height) {
    byte[] bytes = node.store().blocks().block(height).orElseThrow(
        () -> RpcException.notFound("unknown_height", "no block at height " + height));
    try {
      return Block.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored block " + height + " does not parse", e);
    }
  }

  static int blockSize(CyberNode node, long height) {
    return node.store().blocks().block(height).map(b -> b.length).orElse(0);
  }

  static Commit commit(CyberNode node, long height) {
    byte[] bytes = node.store().commits().at(height).orElseThrow(
        () -> RpcException.notFound("unknown_height", "no commit at height " + height));
    try {
      return Commit.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored commit " + height + " does not parse", e);
    }
  }
}
