package io.cybergraph.store;

import io.cybergraph.proto.crypto.Hashes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.merkle.MerkleFrontier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks the store must refuse, each with a clear reason and without changing anything. */
class BlockRefusalTest {
  @TempDir Path dir;

  /** A mutable copy of a block's fields, to spoil one of them. */
  static final class Edit {
    long height;
    byte[] blockHash;
    byte[] block;
    byte[] commit;
    List<byte[]> txHashes;
    List<Particle> particles;
    List<NewLink> links;
    List<AccountUpdate> accounts;
    List<FocusVector> focus;
    long[] prune;
    byte[] frontier;
    byte[] appHash;

    Edit(CommittedBlock b) {
      height = b.height();
      blockHash = b.blockHash();
      block = b.block();
      commit = b.commit();
      txHashes = new ArrayList<>(b.txHashes());
      particles = new ArrayList<>(b.newParticles());
      links = new ArrayList<>(b.links());
      accounts = new ArrayList<>(b.accounts());
      focus = new ArrayList<>(b.focus());
      prune = b.pruneFocusHeights();
      frontier = b.linksFrontier();
      appHash = b.appHash();
    }

    CommittedBlock build() {
      return new CommittedBlock(
          height, blockHash, block, commit, txHashes, particles, links, accounts, focus, prune,
          frontier, appHash, List.of());
    }
  }

  @Test
  void refusedBlocksChangeNothing() {
    int stored = 12;
    long seed = 11;
    while (!rich(new History(seed, History.Profile.varied()).skip(stored).next(40))) {
      seed++; // the first seed whose next block has what every spoiling below needs
    }
    History before = new History(seed, History.Profile.varied()).skip(stored);
    History after = new History(seed, History.Profile.varied()).skip(stored);
    CommittedBlock good = after.next(40);
    History earlier = new History(seed, History.Profile.varied());
    byte[] storedTx = earlier.skip(3).at(3).block().txHashes().get(0);
    byte[] storedBlockHash = earlier.at(2).block().blockHash();
    Particle storedParticle = before.particles.get(0);

    try (ChainStore store = ChainStore.open(dir, StoreOptions.defaults())) {
      for (long h = 1; h <= stored; h++) {
        store.write(before.at(h).block());
      }
      int next = store.particleCount();

      refuse(store, good, e -> e.height = stored + 2, "height is not the next one");
      refuse(store, good, e -> e.height = stored, "height is not the next one");
      refuse(store, good, e -> e.particles.set(0, shift(e.particles.get(0), 1)),
          "has index " + (next + 1) + ", next expected " + next);
      refuse(store, good, e -> e.particles.set(1, shift(e.particles.get(1), -1)),
          "next expected " + (next + 1));
      refuse(store, good, e -> e.particles.set(1,
              new Particle(next + 1, storedParticle.key(), storedParticle.text())),
          "is already stored");
      refuse(store, good, e -> e.particles.set(1, new Particle(next + 1,
              e.particles.get(0).key(), e.particles.get(0).text())),
          "is new twice");
      refuse(store, good, e -> e.particles.set(0, new Particle(next,
              e.particles.get(0).key(), e.particles.get(1).text())),
          "is neither the CIDv0 nor the CIDv1 base32 text of its key");
      refuse(store, good, e -> e.particles.set(0, new Particle(next, new byte[0], "b")),
          "has an empty key");
      refuse(store, good, e -> e.frontier = new MerkleFrontier().toBytes(),
          "links frontier differs from the store's");
      refuse(store, good, e -> {
            // the same links, but one to another particle: the leaves differ from the frontier's
            NewLink l = e.links.get(0);
            e.links.set(0, new NewLink(l.neuron(), l.to(), l.from(), l.txIndex()));
          },
          "application and store disagree on the link leaves");
      refuse(store, good, e -> e.links.set(0, new NewLink(e.links.get(0).neuron(), next + e.particles.size(), 0, 0)),
          "only 0.." + (next + e0(good) - 1) + " exist");
      refuse(store, good, e -> e.links.set(0, new NewLink(e.links.get(0).neuron(), 0, 1, e.txHashes.size())),
          "names tx " + good.txHashes().size());
      refuse(store, good, e -> e.links.set(0, new NewLink(new byte[19], 0, 1, 0)),
          "neuron has 19 bytes");
      refuse(store, good, e -> e.blockHash = new byte[31], "block hash has 31 bytes");
      refuse(store, good, e -> e.blockHash = storedBlockHash, "is already stored");
      refuse(store, good, e -> e.appHash = new byte[0], "app hash has 0 bytes");
      refuse(store, good, e -> e.commit = new byte[0], "commit bytes are empty");
      refuse(store, good, e -> e.txHashes.set(1, e.txHashes.get(0)), "appears twice");
      refuse(store, good, e -> e.txHashes.set(0, storedTx), "is already stored");
      refuse(store, good, e -> e.accounts = List.of(
              new AccountUpdate(new byte[20], new byte[1]), new AccountUpdate(new byte[20], new byte[2])),
          "is updated twice");
      refuse(store, good, e -> e.accounts = List.of(new AccountUpdate(new byte[21], new byte[1])),
          "account address has 21 bytes");
      refuse(store, good, e -> e.focus = List.of(new FocusVector(stored + 2, new long[0])),
          "is not in 0.." + (stored + 1));
      refuse(store, good, e -> {
            e.focus = List.of(new FocusVector(5, new long[0]));
            e.prune = new long[] {5};
          },
          "written and pruned");

      // the intact block is still the next one and is accepted
      store.write(good);
      StoreModelCheck.assertMatches(store, after);
    }
  }

  private static boolean rich(CommittedBlock b) {
    return b.newParticles().size() >= 2
        && b.txHashes().size() >= 2
        && b.links().get(0).from() != b.links().get(0).to();
  }

  private static int e0(CommittedBlock good) {
    return good.newParticles().size();
  }

  private static Particle shift(Particle p, int by) {
    return new Particle(p.index() + by, p.key(), p.text());
  }

  /** The spoiled block is refused naming the reason, and the store is exactly as before. */
  private static void refuse(ChainStore store, CommittedBlock good, Consumer<Edit> spoil, String reason) {
    Edit e = new Edit(good);
    spoil.accept(e);
    CommittedBlock bad = e.build();
    long height = store.latestHeight();
    long links = store.linkCount();
    int particles = store.particleCount();
    byte[] frontier = store.linksFrontier();
    BlockRefusedException refused = assertThrows(BlockRefusedException.class, () -> store.write(bad));
    assertTrue(refused.getMessage().contains(reason), "message '" + refused.getMessage() + "' names " + reason);
    assertEquals(height, store.latestHeight());
    assertEquals(links, store.linkCount());
    assertEquals(particles, store.particleCount());
    assertTrue(Arrays.equals(frontier, store.linksFrontier()));
    StoreModelCheck.assertNothingOf(store, good);
  }
}
