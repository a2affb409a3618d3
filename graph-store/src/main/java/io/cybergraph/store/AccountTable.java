package io.cybergraph.store;

import java.util.Optional;
import java.util.function.BiConsumer;
import org.rocksdb.WriteBatch;

/**
 * Account state by address ({@code accounts}: 20-byte address → encoded account, opaque to the
 * store). Accounts are only ever written, never deleted.
 */
public final class AccountTable {
  static final int ADDRESS_BYTES = 20;

  private final Db db;

  AccountTable(Db db) {
    this.db = db;
  }

  /** The encoded account at this address. */
  public Optional<byte[]> get(byte[] address) {
    return Optional.ofNullable(db.get(Column.ACCOUNTS, address));
  }

  /** Every account in ascending (unsigned) address order. */
  public void forEach(BiConsumer<byte[], byte[]> visitor) {
    db.scan(
        Column.ACCOUNTS,
        null,
        null,
        (address, account) -> {
          visitor.accept(address, account);
          return true;
        });
  }

  void put(WriteBatch batch, AccountUpdate update) {
    db.put(batch, Column.ACCOUNTS, update.address(), update.account());
  }
}
