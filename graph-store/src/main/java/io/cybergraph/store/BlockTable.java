package io.cybergraph.store;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;
import org.rocksdb.WriteBatch;

/**
 * Blocks by height ({@code blocks}), the height of a block hash ({@code block_hashes}) and the
 * per-height facts the indices need ({@code block_info}: hash, app hash, first link, counts).
 */
public final class BlockTable {
  private static final int INFO_BYTES = 32 + 32 + 8 + 4 + 4;

  private final Db db;

  BlockTable(Db db) {
    this.db = db;
  }

  /** The encoded {@code Block} at a height. */
  public Optional<byte[]> block(long height) {
    return Optional.ofNullable(db.get(Column.BLOCKS, Keys.u64(height)));
  }

  /** The height of the block with this hash. */
  public OptionalLong heightOf(byte[] blockHash) {
    byte[] v = db.get(Column.BLOCK_HASHES, blockHash);
    return v == null ? OptionalLong.empty() : OptionalLong.of(Keys.readU64(v, 0));
  }

  /** The encoded {@code Block} with this hash. */
  public Optional<byte[]> blockByHash(byte[] blockHash) {
    OptionalLong height = heightOf(blockHash);
    return height.isPresent() ? block(height.getAsLong()) : Optional.empty();
  }

  /** Hash, app hash and link/tx counts of a height. */
  public Optional<BlockInfo> info(long height) {
    byte[] v = db.get(Column.BLOCK_INFO, Keys.u64(height));
    if (v == null) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    byte[] hash = new byte[32];
    byte[] appHash = new byte[32];
    b.get(hash).get(appHash);
    return Optional.of(new BlockInfo(height, hash, appHash, b.getLong(), b.getInt(), b.getInt()));
  }

  void put(WriteBatch batch, CommittedBlock block, long firstLinkSeq) {
    byte[] height = Keys.u64(block.height());
    db.put(batch, Column.BLOCKS, height, block.block());
    db.put(batch, Column.BLOCK_HASHES, block.blockHash(), height);
    byte[] info =
        ByteBuffer.allocate(INFO_BYTES)
            .put(block.blockHash())
            .put(block.appHash())
            .putLong(firstLinkSeq)
            .putInt(block.links().size())
            .putInt(block.txHashes().size())
            .array();
    db.put(batch, Column.BLOCK_INFO, height, info);
  }
}
