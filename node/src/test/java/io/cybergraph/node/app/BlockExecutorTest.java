package io.cybergraph.node.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.app.state.Account;
import io.cybergraph.node.app.state.ExecutedLink;
import io.cybergraph.node.app.state.ParticleRef;
import io.cybergraph.node.app.tx.PreparedTx;
import io.cybergraph.node.app.tx.RefusalCode;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.rank.RankEngine;
import io.cybergraph.rank.RankParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockExecutorTest {

  /** Three blocks mixing links and sends, as raw txs per block. */
  private static List<List<byte[]>> history(TestChain c) {
    return List.of(
        List.of(c.links(0, 0, 1, 2, 2, 3), c.tx(1, 0, c.send(3, 7)), c.links(2, 0, 1, 2)),
        List.of(),
        List.of(
            c.tx(0, 1, TxBuilder.cyberlink(TestChain.cidV1(4), TestChain.cid(1)), c.send(1, 5)),
            c.links(3, 0, 4, 5)));
  }

  @Test
  void genesisAppHashCoversTheGenesisAccountsWithFullBandwidth() {
    TestChain c = new TestChain(1000, 10, 600, 400);
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      long balance = i == 0 ? 600 : 400;
      leaves.add(AppHash.accountLeaf(c.keys[i].address(), balance, 0, balance, 0));
    }
    leaves.sort((a, b) -> Arrays.compareUnsigned(a, 0, 20, b, 0, 20));
    byte[] expected =
        AppHash.appHash(
            Hashes.EMPTY_SHA256, AppHash.accountsRoot(leaves), AppHash.resultsHash(List.of()));
    assertArrayEquals(expected, c.state.appHash());
    assertEquals(0, c.state.height());
  }

  @Test
  void appHashEqualsAnIndependentRecomputationFromLeaves() {
    TestChain c = new TestChain(1000, 10, 500, 300, 200);
    List<byte[]> linkLeaves = new ArrayList<>();
    for (List<byte[]> block : history(c)) {
      BlockExecution e = c.commit(block.toArray(new byte[0][]));
      for (ExecutedLink l : e.links()) {
        linkLeaves.add(
            AppHash.linkLeaf(
                l.neuron().bytes(),
                Cid.parse(l.from().text()).key(),
                Cid.parse(l.to().text()).key(),
                e.height()));
      }
      List<byte[]> accountLeaves = new ArrayList<>();
      for (Account a : c.state.accounts().all()) {
        accountLeaves.add(a.encode());
      }
      List<byte[]> txHashes = new ArrayList<>();
      for (byte[] raw : block) {
        txHashes.add(Hashes.sha256(raw));
      }
      byte[] linksRoot = Merkle.root(linkLeaves);
      byte[] accountsRoot = AppHash.accountsRoot(accountLeaves);
      byte[] resultsHash = AppHash.resultsHash(txHashes);
      assertArrayEquals(linksRoot, e.linksRoot());
      assertArrayEquals(accountsRoot, e.accountsRoot());
      assertArrayEquals(resultsHash, e.resultsHash());
      assertArrayEquals(AppHash.appHash(linksRoot, accountsRoot, resultsHash), e.appHash());
      assertArrayEquals(e.appHash(), c.state.appHash());
    }
    assertEquals(5, c.state.graph().linkCount());
    assertEquals(3, c.state.height());
  }

  @Test
  void sameTxsGiveTheSameAppHashOnTwoFreshStates() {
    TestChain a = new TestChain(1000, 10, 500, 300, 200);
    TestChain b = new TestChain(1000, 10, 500, 300, 200);
    List<List<byte[]>> blocks = history(a);
    for (List<byte[]> block : blocks) {
      BlockExecution ea = a.commit(block.toArray(new byte[0][]));
      BlockExecution eb = b.commit(block.toArray(new byte[0][]));
      assertArrayEquals(ea.appHash(), eb.appHash());
      assertArrayEquals(ea.linksFrontier(), eb.linksFrontier());
      assertEquals(ea.stakeChanges(), eb.stakeChanges());
      assertEquals(ea.changedAccounts(), eb.changedAccounts());
    }
    // the order of txs is part of the result
    TestChain d = new TestChain(1000, 10, 500, 300, 200);
    List<byte[]> reversed = new ArrayList<>(blocks.get(0));
    java.util.Collections.reverse(reversed);
    BlockExecution ed = d.commit(reversed.toArray(new byte[0][]));
    assertFalse(Arrays.equals(ed.appHash(), new TestChain(1000, 10, 500, 300, 200)
        .commit(blocks.get(0).toArray(new byte[0][])).appHash()));
  }

  @Test
  void aFailingTxMakesTheBlockInvalidAndChangesNothing() {
    TestChain c = new TestChain(1000, 10, 500, 300);
    byte[] before = c.state.appHash();
    List<Account> accountsBefore = c.state.accounts().all();
    byte[] ok1 = c.links(0, 0, 1, 2);
    byte[] ok2 = c.tx(1, 0, c.send(4, 10)); // creates an account
    byte[] bad = c.links(1, 5, 3, 4); // wrong sequence
    InvalidBlockException e =
        assertThrows(InvalidBlockException.class, () -> c.executor.execute(1, List.of(ok1, ok2,
            bad)));
    assertEquals(1, e.height());
    assertEquals(2, e.txIndex());
    assertEquals(RefusalCode.SEQUENCE_MISMATCH, e.refusal().code());
    assertArrayEquals(before, c.state.appHash());
    assertEquals(0, c.state.height());
    assertEquals(accountsBefore, c.state.accounts().all());
    assertEquals(0, c.state.graph().particleCount());
    assertEquals(0, c.state.graph().linkCount());
    assertNull(c.state.account(c.address(4)));
    // the good prefix executes as if the failed attempt never happened
    BlockExecution good = c.commit(ok1, ok2);
    assertEquals(List.of(0, 1), good.newParticles().stream().map(ParticleRef::index).toList());
  }

  @Test
  void theFirstFailingTxInBlockOrderIsReportedWhateverTheKindOfCheck() {
    TestChain c = new TestChain(1000, 10, 500, 300);
    byte[] ok = c.links(0, 0, 1, 2);
    byte[] wrongSequence = c.links(1, 3, 1, 2);
    byte[] badSignature = c.links(1, 0, 2, 3);
    badSignature[badSignature.length - 1] ^= 1;
    InvalidBlockException a =
        assertThrows(InvalidBlockException.class,
            () -> c.executor.execute(1, List.of(ok, wrongSequence, badSignature)));
    assertEquals(1, a.txIndex());
    assertEquals(RefusalCode.SEQUENCE_MISMATCH, a.refusal().code());
    InvalidBlockException b =
        assertThrows(InvalidBlockException.class,
            () -> c.executor.execute(1, List.of(ok, badSignature, wrongSequence)));
    assertEquals(1, b.txIndex());
    assertEquals(RefusalCode.BAD_SIGNATURE, b.refusal().code());
  }

  @Test
  void aStakeTooSmallForOneLinkOfCapacityHasNoBandwidth() {
    // T = 2,000,000, S = 3,000,000: balance 1 gives capacity 0, balance 2 gives 1
    TestChain c = new TestChain(2_000_000, 100, 2_999_997, 1, 2);
    InvalidBlockException e =
        assertThrows(InvalidBlockException.class,
            () -> c.executor.execute(1, List.of(c.links(1, 0, 1, 2))));
    assertEquals(RefusalCode.NOT_ENOUGH_BANDWIDTH, e.refusal().code());
    assertEquals(java.util.Map.of("available", "0", "needed", "1"), e.refusal().details());
    c.commit(c.links(2, 0, 1, 2));
    assertEquals(0, c.account(2).bandwidthAvailable());
  }

  @Test
  void particlesGetIndicesInFirstSeenOrderAndKeepTheirFirstText() {
    TestChain c = new TestChain(1000, 10, 500, 500);
    BlockExecution b1 = c.commit(c.links(0, 0, 1, 2, 2, 3));
    assertEquals(
        List.of(TestChain.cid(1), TestChain.cid(2), TestChain.cid(3)),
        b1.newParticles().stream().map(ParticleRef::text).toList());
    assertEquals(List.of(0, 1, 2), b1.newParticles().stream().map(ParticleRef::index).toList());
    // another neuron links the CIDv1 form of particle 1 to a new particle 4
    BlockExecution b2 =
        c.commit(c.tx(1, 0, TxBuilder.cyberlink(TestChain.cidV1(1), TestChain.cidV1(4))));
    ExecutedLink l = b2.links().get(0);
    assertEquals(TestChain.cid(1), l.from().text()); // first-seen form
    assertEquals(0, l.from().index());
    assertEquals(TestChain.cidV1(4), l.to().text());
    assertEquals(3, l.to().index());
    assertEquals(List.of(l.to()), b2.newParticles());
    assertEquals(c.keys[1].address().length, l.neuron().length());
    assertEquals(io.cybergraph.proto.crypto.Address.toBech32(c.keys[1].address()), l.neuronText());
    assertEquals(0, l.txIndex());
  }

  @Test
  void stakeChangesListChangedBalancesByAddressAndSupplyIsConstant() {
    TestChain c = new TestChain(1000, 10, 500, 300, 200);
    BlockExecution e =
        c.commit(
            c.tx(0, 0, c.send(4, 50)), // new account
            c.tx(1, 0, c.send(2, 30)),
            c.tx(2, 0, c.send(1, 30)), // 1 and 2 end where they started
            c.links(0, 1, 1, 2));
    List<StakeChange> expected = new ArrayList<>();
    expected.add(new StakeChange(c.address(0), c.account(0).bech32(), 450));
    expected.add(new StakeChange(c.address(4), c.account(4).bech32(), 50));
    expected.sort((x, y) -> x.address().compareTo(y.address()));
    assertEquals(expected, e.stakeChanges());
    assertEquals(4, e.accountChanges().size()); // 0, 1, 2 (sequence, bandwidth) and 4
    long supply = 0;
    for (Account a : c.state.accounts().all()) {
      supply += a.balance();
    }
    assertEquals(c.rules.totalSupply(), supply);
  }

  @Test
  void aSendChangesCapacityAtOnceAndNewAccountsStartEmpty() {
    // T = 1000, W = 10, S = 1000: capacity = balance, refill = balance / 10 per block
    TestChain c = new TestChain(1000, 10, 600, 400);
    c.commit(); // height 1
    c.commit(c.links(1, 0, 1, 2)); // height 2: account 1 settles at 399
    // height 3: 0 sends 300 to 1 and 100 to a new account
    c.commit(c.tx(0, 0, c.send(1, 300), c.send(4, 100)));
    Account sender = c.account(0);
    assertEquals(200, sender.balance());
    assertEquals(200, sender.bandwidthAvailable()); // 600 - 1 - 1 = 598, clamped to cap 200
    Account recipient = c.account(1);
    assertEquals(700, recipient.balance());
    assertEquals(3, recipient.bandwidthHeight());
    assertEquals(400, recipient.bandwidthAvailable()); // settled under cap 400 before the send
    Account created = c.account(4);
    assertEquals(new Account(c.address(4), 100, 0, 0, 3), created);
    // height 4: the new capacities govern the refill
    assertEquals(200, c.state.bandwidth().available(sender, 4));
    assertEquals(470, c.state.bandwidth().available(recipient, 4)); // 400 + 70
    assertEquals(10, c.state.bandwidth().available(created, 4));
    // the created account can link 10 at height 4, not 11
    assertThrows(InvalidBlockException.class, () -> c.executor.execute(4,
        List.of(linksOf(c, 4, 0, 11))));
    c.commit(linksOf(c, 4, 0, 10));
    assertEquals(0, c.account(4).bandwidthAvailable());
  }

  private static byte[] linksOf(TestChain c, int signer, long sequence, int count) {
    int[] pairs = new int[count * 2];
    for (int i = 0; i < count; i++) {
      pairs[2 * i] = 10_000 + i;
      pairs[2 * i + 1] = 1;
    }
    return c.links(signer, sequence, pairs);
  }

  @Test
  void proposeLeavesOutFailingAndOversizedTxsAndMatchesExecute() {
    TestChain c = TestChain.withLimits(5, 5, 1 << 20, 1000, 10, 500, 300, 200);
    List<PreparedTx> candidates =
        List.of(
            c.preparer.prepare(c.links(0, 0, 1, 2, 2, 3)), // 2 links
            c.preparer.prepare(c.links(1, 1, 1, 2)), // wrong sequence
            c.preparer.prepare(linksOf(c, 2, 0, 4)), // would make 6 links
            c.preparer.prepare(c.links(1, 0, 5, 6, 6, 7, 7, 8))); // 3 links: fits exactly
    ProposedBlock p = c.executor.propose(1, candidates);
    assertEquals(2, p.txs().size());
    assertEquals(
        List.of(RefusalCode.SEQUENCE_MISMATCH, RefusalCode.BLOCK_TOO_MANY_LINKS),
        p.skipped().stream().map(s -> s.refusal().code()).toList());
    assertEquals(candidates.get(1).hash(), p.skipped().get(0).txHash());
    BlockExecution executed = c.executor.execute(1, p.txs());
    assertArrayEquals(executed.appHash(), p.execution().appHash());
    assertEquals(executed.links(), p.execution().links());
    assertEquals(1, p.execution().links().get(2).txIndex());
    c.state.commit(p.execution());
    assertEquals(5, c.state.graph().linkCount());
  }

  @Test
  void blockLimitsMakeABlockInvalid() {
    TestChain c = TestChain.withLimits(3, 3, 1 << 20, 1000, 10, 500, 500);
    InvalidBlockException links =
        assertThrows(
            InvalidBlockException.class,
            () -> c.executor.execute(1, List.of(c.links(0, 0, 1, 2, 2, 3), c.links(1, 0, 1, 2,
                2, 3))));
    assertEquals(RefusalCode.BLOCK_TOO_MANY_LINKS, links.refusal().code());
    assertEquals(1, links.txIndex());
    byte[] tx = c.links(0, 0, 1, 2);
    TestChain small = TestChain.withLimits(3, 3, tx.length * 2L - 1, 1000, 10, 500, 500);
    InvalidBlockException bytes =
        assertThrows(
            InvalidBlockException.class,
            () -> small.executor.execute(1, List.of(tx, small.links(1, 0, 1, 2))));
    assertEquals(RefusalCode.BLOCK_TOO_MANY_BYTES, bytes.refusal().code());
    assertEquals(1, bytes.txIndex());
  }

  @Test
  void commitRefusesAnExecutionOfAnotherHeightOrState() {
    TestChain c = new TestChain(1000, 10, 500, 500);
    BlockExecution first = c.executor.execute(1, List.of(c.links(0, 0, 1, 2)));
    BlockExecution rival = c.executor.execute(1, List.of(c.links(1, 0, 1, 2)));
    c.state.commit(first);
    assertThrows(IllegalStateException.class, () -> c.state.commit(rival));
    assertThrows(IllegalStateException.class, () -> c.executor.execute(1, List.of()));
    assertThrows(IllegalStateException.class, () -> c.executor.execute(3, List.of()));
    TestChain other = new TestChain(1000, 10, 500, 400);
    BlockExecution foreign = other.executor.execute(2 - 1, List.of());
    TestChain c2 = new TestChain(1000, 10, 500, 500);
    assertThrows(IllegalStateException.class, () -> c2.state.commit(foreign));
    assertEquals(1, c.state.graph().linkCount());
  }

  @Test
  void tenThousandLinksInOneBlockExecute() {
    TestChain c = new TestChain(1_000_000, 10, 500_000, 500_000);
    List<byte[]> txs = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      int[] pairs = new int[2000];
      for (int i = 0; i < 1000; i++) {
        pairs[2 * i] = t * 1000 + i;
        pairs[2 * i + 1] = t * 1000 + i + 1;
      }
      txs.add(c.links(t % 2, t / 2, pairs));
    }
    BlockExecution e = c.commit(txs.toArray(new byte[0][]));
    assertEquals(10_000, e.links().size());
    assertEquals(10_001, e.newParticles().size()); // chains 0..1000, 1000..2000, ... share ends
    assertEquals(10_000, c.state.graph().linkCount());
  }

  @Test
  void executionFeedsARealRankEngine() {
    TestChain c = new TestChain(1000, 10, 500, 300, 200);
    try (RankEngine rank = new RankEngine(RankParams.defaults(), 1)) {
      for (StakeChange s : c.state.stakes()) {
        rank.setStake(s.neuron(), s.stake());
      }
      for (List<byte[]> block : history(c)) {
        BlockExecution e = c.commit(block.toArray(new byte[0][]));
        for (ExecutedLink l : e.links()) {
          assertTrue(rank.addLink(l.neuronText(), l.from().text(), l.to().text()));
        }
        for (StakeChange s : e.stakeChanges()) {
          rank.setStake(s.neuron(), s.stake());
        }
        rank.step();
      }
      assertEquals(c.state.graph().particleCount(), rank.graph().particleCount());
      assertEquals(c.state.graph().linkCount(), rank.graph().linkCount());
      assertTrue(rank.focusOf(TestChain.cid(1)).isPresent());
      assertTrue(rank.focusOf(TestChain.cidV1(4)).isPresent()); // first seen in its v1 form
    }
  }
}
