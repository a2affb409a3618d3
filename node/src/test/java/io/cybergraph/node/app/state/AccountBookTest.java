package io.cybergraph.node.app.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.crypto.Hashes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AccountBookTest {

  private static ByteKey address(Random random) {
    byte[] a = new byte[20];
    random.nextBytes(a);
    return ByteKey.of(a);
  }

  /** accounts_root from scratch: every leaf encoded, sorted, hashed by proto's AppHash. */
  private static byte[] reference(TreeMap<ByteKey, Account> all) {
    List<byte[]> leaves = new ArrayList<>();
    for (Account a : all.values()) {
      leaves.add(a.encode());
    }
    return AppHash.accountsRoot(leaves);
  }

  @Test
  void emptyBookHasTheEmptyRoot() {
    assertArrayEquals(Hashes.EMPTY_SHA256, new AccountBook(List.of()).root());
  }

  @Test
  void rootWithChangesEqualsTheRootOfAllLeavesRecomputed() {
    Random random = new Random(3);
    TreeMap<ByteKey, Account> all = new TreeMap<>();
    for (int i = 0; i < 37; i++) {
      ByteKey a = address(random);
      all.put(a, new Account(a, random.nextInt(1000), 0, 0, 0));
    }
    AccountBook book = new AccountBook(all.values());
    assertArrayEquals(reference(all), book.root());

    for (int round = 0; round < 20; round++) {
      TreeMap<ByteKey, Account> changes = new TreeMap<>();
      List<ByteKey> existing = new ArrayList<>(all.keySet());
      for (int i = 0; i < 1 + random.nextInt(5); i++) { // updates of existing accounts
        ByteKey a = existing.get(random.nextInt(existing.size()));
        changes.put(a, new Account(a, random.nextInt(1000), round + 1, random.nextInt(9), round));
      }
      for (int i = 0; i < random.nextInt(4); i++) { // new accounts anywhere in the order
        ByteKey a = address(random);
        changes.put(a, new Account(a, 1 + random.nextInt(1000), 0, 0, round));
      }
      all.putAll(changes);
      byte[] root = book.rootWith(changes);
      assertArrayEquals(reference(all), root, "round " + round);
      book.apply(changes, root);
      assertArrayEquals(reference(all), book.root());
      assertEquals(all.size(), book.size());
    }
    assertEquals(new ArrayList<>(all.values()), book.all());
  }

  @Test
  void everySizeAcrossPowersOfTwoWithInsertsAnywhere() {
    Random random = new Random(11);
    TreeMap<ByteKey, Account> all = new TreeMap<>();
    AccountBook book = new AccountBook(List.of());
    for (int n = 0; n < 140; n++) {
      TreeMap<ByteKey, Account> changes = new TreeMap<>();
      ByteKey fresh = address(random);
      if (n % 7 == 0) { // smallest and largest possible addresses
        byte[] edge = new byte[20];
        Arrays.fill(edge, (byte) (n % 14 == 0 ? 0x00 : 0xff));
        edge[19] = (byte) n;
        fresh = ByteKey.of(edge);
      }
      changes.put(fresh, new Account(fresh, n + 1, 0, 0, n));
      if (!all.isEmpty()) { // and one update of an existing account
        ByteKey old = new ArrayList<>(all.keySet()).get(random.nextInt(all.size()));
        changes.put(old, all.get(old).withNextSequence());
      }
      all.putAll(changes);
      byte[] root = book.rootWith(changes);
      assertArrayEquals(reference(all), root, "size " + all.size());
      book.apply(changes, root);
    }
  }

  @Test
  void applyOfOtherChangesThanTheLastRootWithIsComputedAgainAndChecked() {
    Random random = new Random(5);
    List<Account> initial = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ByteKey a = address(random);
      initial.add(new Account(a, 10, 0, 0, 0));
    }
    AccountBook book = new AccountBook(initial);
    TreeMap<ByteKey, Account> first = new TreeMap<>();
    first.put(initial.get(0).address(), initial.get(0).withBalance(1));
    TreeMap<ByteKey, Account> second = new TreeMap<>();
    second.put(initial.get(1).address(), initial.get(1).withBalance(2));
    byte[] firstRoot = book.rootWith(first);
    byte[] secondRoot = book.rootWith(second); // e.g. another round's proposal
    assertThrows(IllegalStateException.class, () -> book.apply(first, secondRoot));
    book.apply(first, firstRoot);
    TreeMap<ByteKey, Account> all = new TreeMap<>();
    for (Account a : initial) {
      all.put(a.address(), a);
    }
    all.putAll(first);
    assertArrayEquals(reference(all), book.root());
    assertEquals(1, book.get(initial.get(0).address()).balance());
  }

  @Test
  void unknownAccountIsNullAndDuplicatesAreRefused() {
    ByteKey a = ByteKey.of(new byte[20]);
    AccountBook book = new AccountBook(List.of(new Account(a, 1, 0, 0, 0)));
    assertNull(book.get(ByteKey.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
        15, 16, 17, 18, 19, 20})));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AccountBook(List.of(new Account(a, 1, 0, 0, 0), new Account(a, 2, 0, 0, 0))));
  }

  @Test
  void accountEncodingRoundTrips() {
    Account a = new Account(ByteKey.of(new byte[20]), 5, -1, 7, 9); // sequence 2^64 - 1
    assertEquals(a, Account.decode(a.encode()));
    assertThrows(IllegalArgumentException.class, () -> Account.decode(new byte[51]));
  }
}
