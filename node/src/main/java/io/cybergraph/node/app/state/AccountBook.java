package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.merkle.Merkle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * All committed accounts, sorted by address, each with its cached accounts-tree leaf hash, so a
 * block re-encodes and re-hashes only the accounts it changed.
 *
 * <p>accounts_root is recomputed over the cached leaf hashes when a block changes any account
 * (n − 1 inner hashes for n accounts) and reused unchanged otherwise. One writer ({@link
 * #apply}); readers may call from any thread.
 */
public final class AccountBook {
  private record Entry(Account account, byte[] leafHash) {}

  private final NavigableMap<ByteKey, Entry> accounts = new ConcurrentSkipListMap<>();
  private volatile byte[] root;

  /** A book holding {@code initial} (any order, each address once). */
  public AccountBook(Collection<Account> initial) {
    for (Account a : initial) {
      if (accounts.put(a.address(), entry(a)) != null) {
        throw new IllegalArgumentException("account " + a.bech32() + " given twice");
      }
    }
    root = computeRoot(Map.of());
  }

  /** The committed account, or null. */
  public Account get(ByteKey address) {
    Entry e = accounts.get(address);
    return e == null ? null : e.account();
  }

  public int size() {
    return accounts.size();
  }

  /** All accounts in address order (a snapshot of the moment). */
  public List<Account> all() {
    List<Account> out = new ArrayList<>(accounts.size());
    for (Entry e : accounts.values()) {
      out.add(e.account());
    }
    return out;
  }

  /** accounts_root of the committed accounts. */
  public byte[] root() {
    return root.clone();
  }

  /** accounts_root if {@code changes} (new states by address) were applied. */
  public byte[] rootWith(SortedMap<ByteKey, Account> changes) {
    return changes.isEmpty() ? root() : computeRoot(changes);
  }

  /** Makes {@code changes} committed; {@code newRoot} is what {@link #rootWith} gave for them. */
  public synchronized void apply(SortedMap<ByteKey, Account> changes, byte[] newRoot) {
    for (Account a : changes.values()) {
      accounts.put(a.address(), entry(a));
    }
    root = newRoot.clone();
  }

  /** Merges the cached leaf hashes with the changed accounts' new ones, in address order. */
  private byte[] computeRoot(Map<ByteKey, Account> changes) {
    List<byte[]> leafHashes = new ArrayList<>(accounts.size() + changes.size());
    Iterator<Map.Entry<ByteKey, Entry>> old = accounts.entrySet().iterator();
    Iterator<Map.Entry<ByteKey, Account>> changed =
        changes instanceof SortedMap
            ? changes.entrySet().iterator()
            : new java.util.TreeMap<>(changes).entrySet().iterator();
    Map.Entry<ByteKey, Entry> o = old.hasNext() ? old.next() : null;
    Map.Entry<ByteKey, Account> c = changed.hasNext() ? changed.next() : null;
    while (o != null || c != null) {
      int order = o == null ? 1 : c == null ? -1 : o.getKey().compareTo(c.getKey());
      if (order < 0) {
        leafHashes.add(o.getValue().leafHash());
        o = old.hasNext() ? old.next() : null;
      } else {
        leafHashes.add(Merkle.leafHash(c.getValue().encode()));
        c = changed.hasNext() ? changed.next() : null;
        if (order == 0) {
          o = old.hasNext() ? old.next() : null;
        }
      }
    }
    return Merkle.rootOfLeafHashes(leafHashes);
  }

  private static Entry entry(Account a) {
    return new Entry(a, Merkle.leafHash(a.encode()));
  }
}
