package io.cybergraph.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.proto.pb.Block;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.WriteBatch;

/**
 * Transactions by hash ({@code tx_by_hash}: hash → height, index) and by position
 * ({@code tx_by_position}: height, index → hash). The tx bytes themselves live only in the
 * block, which is read and parsed when they are asked for.
 */
public final class TxTable {
  private final Db db;
  private final BlockTable blocks;

  TxTable(Db db, BlockTable blocks) {
    this.db = db;
    this.blocks = blocks;
  }

  /** Where the transaction with this hash was committed. */
  public Optional<TxLocation> location(byte[] txHash) {
    byte[] v = db.get(Column.TX_BY_HASH, txHash);
    return v == null
        ? Optional.empty()
        : Optional.of(new TxLocation(Keys.readU64(v, 0), Keys.readU32(v, 8)));
  }

  /** The hash of the transaction at a position. */
  public Optional<byte[]> hashAt(long height, int index) {
    return Optional.ofNullable(db.get(Column.TX_BY_POSITION, position(height, index)));
  }

  /** The hashes of a block's transactions in block order (empty for an unknown height). */
  public List<byte[]> hashesAt(long height) {
    List<byte[]> hashes = new ArrayList<>();
    db.scan(
        Column.TX_BY_POSITION,
        position(height, 0),
        Keys.u64(height + 1),
        (key, value) -> hashes.add(value));
    return hashes;
  }

  /** The TxRaw bytes of the transaction with this hash, read from its block. */
  public Optional<byte[]> txBytes(byte[] txHash) {
    Optional<TxLocation> at = location(txHash);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    TxLocation loc = at.get();
    byte[] block =
        blocks
            .block(loc.height())
            .orElseThrow(() -> new StoreException("tx index names missing block " + loc.height()));
    try {
      return Optional.of(Block.parseFrom(block).getData().getTxs(loc.index()).toByteArray());
    } catch (InvalidProtocolBufferException | IndexOutOfBoundsException e) {
      throw new StoreException(
          "block " + loc.height() + " has no tx " + loc.index() + " as the tx index says", e);
    }
  }

  /** Tx hashes for many positions at once; a position must exist. */
  List<byte[]> hashesAt(List<TxLocation> positions) {
    List<byte[]> keys = new ArrayList<>(positions.size());
    for (TxLocation p : positions) {
      keys.add(position(p.height(), p.index()));
    }
    List<byte[]> hashes = db.multiGet(Column.TX_BY_POSITION, keys);
    for (int i = 0; i < hashes.size(); i++) {
      if (hashes.get(i) == null) {
        throw new StoreException("tx index has no tx at " + positions.get(i));
      }
    }
    return hashes;
  }

  /** Which of these hashes are already stored (for refusing a replayed transaction). */
  List<byte[]> known(List<byte[]> txHashes) {
    List<byte[]> found = db.multiGet(Column.TX_BY_HASH, txHashes);
    List<byte[]> known = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      if (found.get(i) != null) {
        known.add(txHashes.get(i));
      }
    }
    return known;
  }

  void put(WriteBatch batch, long height, List<byte[]> txHashes) {
    for (int i = 0; i < txHashes.size(); i++) {
      byte[] position = position(height, i);
      db.put(batch, Column.TX_BY_HASH, txHashes.get(i), position);
      db.put(batch, Column.TX_BY_POSITION, position, txHashes.get(i));
    }
  }

  private static byte[] position(long height, int index) {
    return ByteBuffer.allocate(12).putLong(height).putInt(index).array();
  }
}
