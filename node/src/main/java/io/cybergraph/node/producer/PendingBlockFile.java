package io.cybergraph.node.producer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.node.home.DurableFile;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.Block;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code data/pending_block.pb}: the block this validator is about to sign, written and synced
 * before the precommit is signed. If the node dies after signing but before the block is in
 * the store, the restart commits exactly this block (same ID, same signature) instead of making
 * a different one at a height it already signed.
 */
public final class PendingBlockFile {
  public static final String FILE_NAME = "pending_block.pb";

  private final DurableFile file;

  public PendingBlockFile(Path dataDir) {
    this.file = new DurableFile(dataDir.resolve(FILE_NAME));
  }

  public void write(Block block) {
    file.write(Protobufs.encode(block));
  }

  /** The pending block, if the file exists and parses. */
  public Optional<Block> read() {
    return file.read().flatMap(bytes -> {
      try {
        return Optional.of(Block.parseFrom(bytes));
      } catch (InvalidProtocolBufferException e) {
        return Optional.empty();
      }
    });
  }

  public Path path() {
    return file.path();
  }
}
