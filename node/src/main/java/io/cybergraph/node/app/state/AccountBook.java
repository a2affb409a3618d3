package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.merkle.Merkle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * All committed accounts, sorted by address, and the accounts tree over their leaves ({@link
 * AccountsTree}): a block re-encodes only the accounts it changed, and rehashes only their
 * paths (plus everything right of the first new account, whose arrival moves later leaves).
 *
 * <p>One writer ({@link #rootWith} then {@link #apply}, the block thread); {@link #get} and
 * {@link #all} may be called from any thread.
 */
public final class AccountBook {
  private record Candidate(
      AccountsTree base, SortedMap<ByteKey, Account> changes, AccountsTree tree) {}

  private final NavigableMap<ByteKey, Account> accounts = new ConcurrentSkipListMap<>();
  private AccountsTree tree; // guarded by this
  private Candidate lastCandidate; // guarded by this: the tree rootWith computed last

  /** A book holding {@code initial} (any order, each address once). */
  public AccountBook(Collection<Account> initial) {
    TreeMap<ByteKey, byte[]> leaves = new TreeMap<>();
    for (Account a : initial) {
      if (accounts.put(a.address(), a) != null) {
        throw new IllegalArgumentException("account " + a.bech32() + " given twice");
      }
      leaves.put(a.address(), leafHash(a));
    }
    tree = AccountsTree.empty().with(leaves);
  }

  /** The committed account, or null. */
  public Account get(ByteKey address) {
    return accounts.get(address);
  }

  public int size() {
    return accounts.size();
  }

  /** All accounts in address order (a snapshot of the moment). */
  public List<Account> all() {
    return new ArrayList<>(accounts.values());
  }

  /** accounts_root of the committed accounts. */
  public synchronized byte[] root() {
    return tree.root();
  }

  /** accounts_root if {@code changes} (new states by address) were applied. */
  public synchronized byte[] rootWith(SortedMap<ByteKey, Account> changes) {
    AccountsTree candidate = tree.with(leafHashes(changes));
    lastCandidate = new Candidate(tree, new TreeMap<>(changes), candidate);
    return candidate.root();
  }

  /**
   * Makes {@code changes} committed; {@code newRoot} is what {@link #rootWith} gave for them
   * for the same changes (the tree computed then is reused; otherwise it is computed again and
   * must give {@code newRoot}).
   */
  public synchronized void apply(SortedMap<ByteKey, Account> changes, byte[] newRoot) {
    AccountsTree next;
    if (lastCandidate != null
        && lastCandidate.base() == tree
        && lastCandidate.changes().equals(changes)
        && Arrays.equals(lastCandidate.tree().root(), newRoot)) {
      next = lastCandidate.tree();
    } else {
      next = tree.with(leafHashes(changes));
      if (!Arrays.equals(next.root(), newRoot)) {
        throw new IllegalStateException("account changes do not give the accounts root given");
      }
    }
    for (Account a : changes.values()) {
      accounts.put(a.address(), a);
    }
    tree = next;
    lastCandidate = null;
  }

  private static SortedMap<ByteKey, byte[]> leafHashes(SortedMap<ByteKey, Account> changes) {
    TreeMap<ByteKey, byte[]> out = new TreeMap<>();
    for (Account a : changes.values()) {
      out.put(a.address(), leafHash(a));
    }
    return out;
  }

  private static byte[] leafHash(Account a) {
    return Merkle.leafHash(a.encode());
  }
}
