package io.cybergraph.store;

import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.Merkle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/** Asserts that a store answers every query exactly as the in-memory model of a history. */
final class StoreModelCheck {
  /** More links than any test history has. */
  private static final int MAX_LINKS = 200_000;

  private StoreModelCheck() {}

  /** A page of a paged query. */
  @FunctionalInterface
  interface Pages {
    List<LinkRecord> page(long afterSeq, int limit);
  }

  static void assertMatches(ChainStore store, History model) {
    long h = model.height;
    assertEquals(h, store.latestHeight(), "latest height");
    assertEquals(model.links.size(), store.linkCount(), "link count");
    assertEquals(model.particles.size(), store.particleCount(), "particle count");
    assertArrayEquals(model.frontier.toBytes(), store.linksFrontier(), "frontier");
    assertArrayEquals(model.frontier.root(), store.linkTree().root(), "links root");
    checkBlocks(store, model);
    checkLinkLog(store, model);
    checkParticles(store, model);
    checkAccountsAndFocus(store, model);
    checkNeuronQueries(store, model);
    checkParticleQueries(store, model);
    checkPairQueries(store, model);
    checkLinkTree(store, model);
  }

  /**
   * A cheaper check for a store at the model's height: counters, the latest block, each of its
   * links through every index, its particles, accounts, focus, frontier and the links root.
   */
  static void assertLatestBlockIndexed(ChainStore store, History model) {
    long h = model.height;
    assertEquals(h, store.latestHeight(), "latest height");
    assertEquals(model.links.size(), store.linkCount(), "link count");
    assertEquals(model.particles.size(), store.particleCount(), "particle count");
    assertArrayEquals(model.frontier.toBytes(), store.linksFrontier(), "frontier");
    if (h == 0) {
      return;
    }
    History.Generated g = model.at(h);
    assertArrayEquals(g.block().block(), store.blocks().block(h).orElseThrow());
    assertArrayEquals(g.block().commit(), store.commits().at(h).orElseThrow());
    assertArrayEquals(g.block().appHash(), store.appHash(h).orElseThrow());
    for (byte[] tx : g.block().txHashes()) {
      assertEquals(h, store.txs().location(tx).orElseThrow().height());
    }
    for (Particle p : g.block().newParticles()) {
      assertEquals(p, store.particles().byKey(p.key()).orElseThrow());
    }
    for (long seq = g.firstLinkSeq(); seq < model.links.size(); seq++) {
      LinkRecord l = model.links.get((int) seq);
      assertEquals(l, store.links().get(seq).orElseThrow());
      assertTrue(store.queries().byNeuron(l.neuron(), h, h, seq - 1, 1).contains(l), "by neuron");
      assertTrue(store.queries().between(l.from(), l.to(), seq - 1, 1).contains(l), "by pair");
      assertTrue(collect(10_000, (a, n) -> store.queries().outOf(l.from(), a, n)).contains(l), "out");
      assertTrue(collect(10_000, (a, n) -> store.queries().into(l.to(), a, n)).contains(l), "into");
    }
    checkAccountsAndFocus(store, model);
    assertArrayEquals(Merkle.rootOfLeafHashes(model.leafHashes), store.linkTree().root(), "links root");
  }

  /** Nothing of {@code next} (the block after the store's latest) is in the store. */
  static void assertNothingOf(ChainStore store, CommittedBlock next) {
    long h = next.height();
    assertTrue(store.blocks().block(h).isEmpty(), "block " + h + " absent");
    assertTrue(store.blocks().info(h).isEmpty(), "info " + h + " absent");
    assertTrue(store.commits().at(h).isEmpty(), "commit " + h + " absent");
    assertTrue(store.blocks().heightOf(next.blockHash()).isEmpty(), "block hash absent");
    assertTrue(store.txs().hashesAt(h).isEmpty(), "tx positions at " + h + " absent");
    for (byte[] tx : next.txHashes()) {
      assertTrue(store.txs().location(tx).isEmpty(), "tx of block " + h + " absent");
    }
    for (Particle p : next.newParticles()) {
      assertTrue(store.particles().indexOf(p.key()).isEmpty(), "particle key absent");
      assertTrue(store.particles().byIndex(p.index()).isEmpty(), "particle index absent");
    }
    long seq = store.linkCount();
    for (int i = 0; i < next.links().size(); i++) {
      assertTrue(store.links().get(seq + i).isEmpty(), "link " + (seq + i) + " absent");
    }
    for (FocusVector f : next.focus()) {
      if (store.focus().at(f.height()).isPresent()) {
        assertFalse(Arrays.equals(f.values(), store.focus().at(f.height()).get()));
      }
    }
  }

  private static void checkBlocks(ChainStore store, History model) {
    for (long h = 1; h <= model.height; h++) {
      History.Generated g = model.at(h);
      CommittedBlock b = g.block();
      assertArrayEquals(b.block(), store.blocks().block(h).orElseThrow(), "block " + h);
      assertArrayEquals(b.block(), store.blocks().blockByHash(b.blockHash()).orElseThrow());
      assertEquals(h, store.blocks().heightOf(b.blockHash()).orElseThrow());
      assertArrayEquals(b.commit(), store.commits().at(h).orElseThrow(), "commit " + h);
      BlockInfo info = store.blocks().info(h).orElseThrow();
      assertArrayEquals(b.blockHash(), info.blockHash());
      assertArrayEquals(b.appHash(), info.appHash());
      assertArrayEquals(b.appHash(), store.appHash(h).orElseThrow());
      assertEquals(g.firstLinkSeq(), info.firstLinkSeq(), "first link of " + h);
      assertEquals(b.links().size(), info.linkCount());
      assertEquals(b.txHashes().size(), info.txCount());
      List<byte[]> hashes = store.txs().hashesAt(h);
      assertEquals(b.txHashes().size(), hashes.size(), "txs at " + h);
      for (int i = 0; i < hashes.size(); i++) {
        byte[] tx = b.txHashes().get(i);
        assertArrayEquals(tx, hashes.get(i));
        assertArrayEquals(tx, store.txs().hashAt(h, i).orElseThrow());
        assertEquals(new TxLocation(h, i), store.txs().location(tx).orElseThrow());
        assertArrayEquals(g.txs().get(i), store.txs().txBytes(tx).orElseThrow());
      }
    }
    assertTrue(store.blocks().block(model.height + 1).isEmpty());
    assertTrue(store.blocks().block(0).isEmpty());
    assertTrue(store.txs().location(new byte[32]).isEmpty());
  }

  private static void checkLinkLog(ChainStore store, History model) {
    // every record with its tx hash comes back through the neuron queries; here a sample
    for (LinkRecord l : model.links) {
      assertTrue(store.queries().hasLink(l.neuron(), l.from(), l.to()), "link " + l.seq() + " made");
    }
    for (int i = 0; i < model.links.size(); i += 7) {
      LinkRecord l = model.links.get(i);
      assertEquals(l, store.links().get(l.seq()).orElseThrow(), "link " + l.seq());
    }
    assertTrue(store.links().get(model.links.size()).isEmpty());
    assertTrue(store.links().get(-1).isEmpty());
    for (long from : new long[] {0, model.links.size() / 3, model.links.size()}) {
      List<LinkRecord> replayed = new ArrayList<>();
      store.links().replay(from, (seq, neuron, f, t, height) -> replayed.add(
          new LinkRecord(seq, neuron, f, t, height, 0, null)));
      List<LinkRecord> expected = model.links.subList((int) from, model.links.size());
      assertEquals(expected.size(), replayed.size(), "replay from " + from);
      for (int i = 0; i < expected.size(); i++) {
        LinkRecord e = expected.get(i);
        LinkRecord r = replayed.get(i);
        assertEquals(e.seq(), r.seq());
        assertArrayEquals(e.neuron(), r.neuron());
        assertEquals(e.from(), r.from());
        assertEquals(e.to(), r.to());
        assertEquals(e.height(), r.height());
      }
    }
  }

  private static void checkParticles(ChainStore store, History model) {
    for (Particle p : model.particles) {
      assertTrue(store.particles().mightExist(p.key()), "the key filter denies particle " + p.index());
      assertEquals(p, store.particles().byIndex(p.index()).orElseThrow());
      assertEquals(p, store.particles().byKey(p.key()).orElseThrow());
      assertEquals(p.index(), store.particles().indexOf(p.key()).orElseThrow());
    }
    List<byte[]> keys = new ArrayList<>();
    for (Particle p : model.particles) {
      keys.add(p.key());
    }
    keys.add(new byte[36]);
    int[] indices = store.particles().indicesOf(keys);
    for (int i = 0; i < model.particles.size(); i++) {
      assertEquals(i, indices[i], "index of key " + i);
    }
    assertEquals(-1, indices[model.particles.size()], "unknown key");
    assertTrue(store.particles().byIndex(model.particles.size()).isEmpty());
    assertTrue(store.particles().byIndex(-1).isEmpty());
    List<Particle> scanned = new ArrayList<>();
    store.particles().forEach(0, Integer.MAX_VALUE, scanned::add);
    assertEquals(model.particles, scanned, "particles by index scan");
    if (model.particles.size() > 3) {
      List<Particle> middle = new ArrayList<>();
      store.particles().forEach(1, 3, middle::add);
      assertEquals(model.particles.subList(1, 3), middle, "particles 1..2");
    }
    assertTrue(store.particles().byKey(new byte[36]).isEmpty());
  }

  private static void checkAccountsAndFocus(ChainStore store, History model) {
    List<Map.Entry<byte[], byte[]>> stored = new ArrayList<>();
    store.accounts().forEach((a, v) -> stored.add(Map.entry(a, v)));
    List<Map.Entry<byte[], byte[]>> expected = new ArrayList<>(model.accounts.entrySet());
    assertEquals(expected.size(), stored.size(), "account count");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i).getKey(), stored.get(i).getKey(), "account order");
      assertArrayEquals(expected.get(i).getValue(), stored.get(i).getValue());
      assertArrayEquals(
          expected.get(i).getValue(), store.accounts().get(expected.get(i).getKey()).orElseThrow());
    }
    assertTrue(store.accounts().get(new byte[20]).isEmpty());
    assertEquals(new ArrayList<>(model.focus.keySet()), store.focus().heights(), "focus heights");
    for (Map.Entry<Long, long[]> f : model.focus.entrySet()) {
      assertArrayEquals(f.getValue(), store.focus().at(f.getKey()).orElseThrow());
    }
  }

  private static void checkNeuronQueries(ChainStore store, History model) {
    SplittableRandom random = new SplittableRandom(model.height);
    List<byte[]> neurons = new ArrayList<>(model.neurons);
    neurons.add(new byte[20]); // never linked
    long top = model.height;
    for (byte[] neuron : neurons) {
      List<long[]> ranges = new ArrayList<>();
      ranges.add(new long[] {1, top});
      ranges.add(new long[] {0, Long.MAX_VALUE});
      ranges.add(new long[] {top + 1, top + 5});
      ranges.add(new long[] {5, 4});
      for (int i = 0; i < 4 && top > 0; i++) {
        long a = 1 + random.nextLong(top);
        long b = a + random.nextLong(top - a + 1);
        ranges.add(new long[] {a, b});
        ranges.add(new long[] {a, a});
      }
      for (long[] r : ranges) {
        List<LinkRecord> expected =
            select(model, l -> Arrays.equals(l.neuron(), neuron) && l.height() >= r[0] && l.height() <= r[1],
                Comparator.comparingLong(LinkRecord::seq));
        boolean full = r[0] <= 1 && r[1] >= top;
        int[] limits = full ? new int[] {neuron[0] % 4 == 0 ? 1 : 7, 10_000} : new int[] {4, 10_000};
        for (int limit : limits) {
          assertEquals(
              expected,
              collect(limit, (after, n) -> store.queries().byNeuron(neuron, r[0], r[1], after, n)),
              "neuron " + Keys.hex(neuron) + " heights " + r[0] + ".." + r[1] + " limit " + limit);
        }
      }
    }
  }

  private static void checkParticleQueries(ChainStore store, History model) {
    Comparator<LinkRecord> byTarget =
        Comparator.comparingInt(LinkRecord::to).thenComparingLong(LinkRecord::seq);
    Comparator<LinkRecord> bySource =
        Comparator.comparingInt(LinkRecord::from).thenComparingLong(LinkRecord::seq);
    int count = model.particles.size();
    List<List<LinkRecord>> outOf = new ArrayList<>();
    List<List<LinkRecord>> into = new ArrayList<>();
    for (int p = 0; p < count + 3; p++) {
      outOf.add(new ArrayList<>());
      into.add(new ArrayList<>());
    }
    for (LinkRecord l : model.links) {
      outOf.get(l.from()).add(l);
      into.get(l.to()).add(l);
    }
    for (int p = 0; p < count + 3; p++) {
      int particle = p;
      List<LinkRecord> out = outOf.get(p);
      out.sort(byTarget);
      List<LinkRecord> in = into.get(p);
      in.sort(bySource);
      // small pages for the hubs and a sample of the rest; one big page for every particle
      int[] limits = p < 5 ? new int[] {1, 3, 10_000} : p % 7 == 0 ? new int[] {2, 10_000} : new int[] {10_000};
      for (int limit : limits) {
        assertEquals(out, collect(limit, (a, n) -> store.queries().outOf(particle, a, n)),
            "out of " + particle + " limit " + limit);
        assertEquals(in, collect(limit, (a, n) -> store.queries().into(particle, a, n)),
            "into " + particle + " limit " + limit);
      }
    }
  }

  private static void checkPairQueries(ChainStore store, History model) {
    Map<Long, List<LinkRecord>> pairs = new LinkedHashMap<>();
    for (LinkRecord l : model.links) {
      pairs.computeIfAbsent(((long) l.from() << 32) | l.to(), k -> new ArrayList<>()).add(l);
    }
    for (Map.Entry<Long, List<LinkRecord>> e : pairs.entrySet()) {
      int from = (int) (e.getKey() >>> 32);
      int to = (int) (long) e.getKey();
      int[] limits = e.getValue().size() > 1 ? new int[] {1, 10_000} : new int[] {10_000};
      for (int limit : limits) {
        assertEquals(e.getValue(), collect(limit, (a, n) -> store.queries().between(from, to, a, n)),
            "pair " + from + "->" + to);
      }
      for (LinkRecord l : e.getValue()) {
        assertTrue(store.queries().hasLink(l.neuron(), from, to), "hasLink " + l);
      }
      byte[] stranger = new byte[20];
      stranger[0] = (byte) 0xee;
      assertTrue(!store.queries().hasLink(stranger, from, to), "a neuron that never linked");
      if (from % 5 == 0) {
        // the reverse pair has exactly the links of the reverse direction (often none)
        List<LinkRecord> reverse = pairs.getOrDefault(((long) to << 32) | from, List.of());
        assertEquals(reverse, collect(10_000, (a, n) -> store.queries().between(to, from, a, n)));
      }
    }
    assertEquals(List.of(), store.queries().between(model.particles.size(), 0, -1, 10));
  }

  private static void checkLinkTree(ChainStore store, History model) {
    int n = model.links.size();
    SplittableRandom random = new SplittableRandom(n);
    List<Integer> sizes = new ArrayList<>(List.of(0, 1, 2, 15, 16, 17, 255, 256, 257, 4096, 4097, n - 1, n));
    for (int i = 0; i < 6 && n > 0; i++) {
      sizes.add(1 + random.nextInt(n));
    }
    for (int size : sizes) {
      if (size < 0 || size > n) {
        continue;
      }
      byte[] root = Merkle.rootOfLeafHashes(model.leafHashes.subList(0, size));
      assertArrayEquals(root, store.linkTree().root(size), "links root of " + size);
      for (int i = 0; i < 12 && size > 0; i++) {
        int seq = i < 3 ? new int[] {0, size - 1, size / 2}[i] : random.nextInt(size);
        LinkProof proof = store.linkTree().proof(seq, size);
        assertArrayEquals(model.leafHashes.get(seq), Merkle.leafHash(proof.leaf()), "leaf " + seq);
        assertTrue(
            Merkle.verifyLeafHash(root, model.leafHashes.get(seq), seq, size, proof.path()),
            "proof of link " + seq + " in tree of " + size);
      }
    }
  }

  private static List<LinkRecord> select(
      History model, Predicate<LinkRecord> filter, Comparator<LinkRecord> order) {
    List<LinkRecord> out = new ArrayList<>();
    for (LinkRecord l : model.links) {
      if (filter.test(l)) {
        out.add(l);
      }
    }
    out.sort(order);
    return out;
  }

  /**
   * Follows a paged query to its end, checking every page respects the limit and that paging
   * ends (a query never returns more than the links there are).
   */
  static List<LinkRecord> collect(int limit, Pages pages) {
    List<LinkRecord> all = new ArrayList<>();
    long after = -1;
    while (true) {
      List<LinkRecord> page = pages.page(after, limit);
      assertTrue(page.size() <= limit, "page larger than its limit");
      all.addAll(page);
      assertTrue(all.size() <= MAX_LINKS, "paging does not end");
      if (page.size() < limit) {
        return all;
      }
      after = page.get(page.size() - 1).seq();
    }
  }
}
