package io.cybergraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's particle and link filters: every stored particle and link is found (lookups
 * through the filter never deny a stored key), before and after a reopen, which rebuilds the
 * filters from RocksDB; keys never stored are found absent.
 */
class StoreFiltersTest {
  private static final StoreOptions SMALL = new StoreOptions(16L << 20, 8L << 20);

  @TempDir Path dir;

  @Test
  void everyStoredParticleAndLinkIsFoundBeforeAndAfterReopen() {
    History history = new History(17, History.Profile.varied());
    try (ChainStore store = ChainStore.open(dir.resolve("db"), SMALL)) {
      for (int h = 1; h <= 120; h++) {
        store.write(history.next());
      }
      assertAllFound(store, history);
    }
    try (ChainStore store = ChainStore.open(dir.resolve("db"), SMALL)) {
      assertAllFound(store, history);
      for (int h = 121; h <= 150; h++) { // the rebuilt filters keep growing
        store.write(history.next());
      }
      assertAllFound(store, history);
    }
    try (ChainStore store = ChainStore.open(dir.resolve("db"), SMALL)) {
      assertAllFound(store, history);
      assertNeverStoredAbsent(store, history);
    }
  }

  private static void assertAllFound(ChainStore store, History history) {
    assertEquals(history.particles.size(), store.particleCount());
    for (Particle p : history.particles) {
      assertTrue(store.particles().mightExist(p.key()), "particle " + p.index());
      assertEquals(p.index(), store.particles().indexOf(p.key()).orElse(-1));
    }
    int[] indices =
        store.particles().indicesOf(history.particles.stream().map(Particle::key).toList());
    for (int i = 0; i < indices.length; i++) {
      assertEquals(i, indices[i]);
    }
    for (LinkRecord l : history.links) {
      assertTrue(store.queries().hasLink(l.neuron(), l.from(), l.to()), "link " + l.seq());
    }
  }

  private static void assertNeverStoredAbsent(ChainStore store, History history) {
    SplittableRandom random = new SplittableRandom(23);
    int maybe = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] key = new byte[36];
      random.nextBytes(key);
      assertTrue(store.particles().indexOf(key).isEmpty());
      maybe += store.particles().mightExist(key) ? 1 : 0;
    }
    assertTrue(maybe < 500, "false positives " + maybe);
    for (LinkRecord l : history.links) {
      // reversed links were not made (the history never links a pair both ways by one neuron
      // unless the model says so)
      boolean made = history.links.stream().anyMatch(o ->
          java.util.Arrays.equals(o.neuron(), l.neuron()) && o.from() == l.to() && o.to() == l.from());
      assertEquals(made, store.queries().hasLink(l.neuron(), l.to(), l.from()));
      if (l.seq() > 300) {
        break;
      }
    }
  }
}
