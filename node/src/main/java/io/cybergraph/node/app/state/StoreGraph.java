package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.Particle;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ChainGraph} read from the store, so a node holds no Java object per link:
 *
 * <ul>
 *   <li>a particle by key: the store's key filter answers "absent" for a key never stored
 *       without reading RocksDB (new particles, the common case under load); a stored one is a
 *       point read, then kept here (committed particles never change) — hubs recur in almost
 *       every block, and a tx's particles are looked up at admission, at proposal and at each
 *       mempool recheck;
 *   <li>"has this neuron made this link": the store's link filter answers "no" for a new link
 *       without a read, otherwise a prefix scan of the pair's links.
 * </ul>
 *
 * <p>The store's block batch writes the graph (through {@link AppState#commit(
 * io.cybergraph.node.app.BlockExecution, io.cybergraph.store.CommittedBlock)}), so {@link
 * #append} only checks that the store holds the block's particles (they are read, and kept,
 * when a later tx names them: most particles of a block are never named again).
 * Thread-safe: readers call from any thread while the committing thread appends.
 */
public final class StoreGraph implements ChainGraph {
  /** Particles kept in memory at most; the set is emptied when full (cheap to refill). */
  static final int KNOWN_LIMIT = 500_000;

  private final ChainStore store;
  private final ConcurrentHashMap<ByteKey, ParticleRef> known = new ConcurrentHashMap<>();

  public StoreGraph(ChainStore store) {
    this.store = store;
  }

  @Override
  public ParticleRef particle(ByteKey key) {
    ParticleRef p = known.get(key);
    if (p != null) {
      return p;
    }
    Optional<Particle> found = store.particles().byKey(key.bytes());
    if (found.isEmpty()) {
      return null;
    }
    p = new ParticleRef(found.get().index(), key, found.get().text());
    remember(p);
    return p;
  }

  @Override
  public boolean hasLink(ByteKey neuron, int from, int to) {
    return store.queries().hasLink(neuron.bytes(), from, to);
  }

  @Override
  public int particleCount() {
    return store.particleCount();
  }

  @Override
  public long linkCount() {
    return store.linkCount();
  }

  /** The block is already in the store: checks that it ends where the store does. */
  @Override
  public void append(List<ParticleRef> newParticles, List<ExecutedLink> links) {
    if (!newParticles.isEmpty()) {
      int last = newParticles.get(newParticles.size() - 1).index();
      if (last != store.particleCount() - 1) {
        throw new IllegalStateException(
            "the block's last new particle has index " + last + " but the store holds "
                + store.particleCount() + " particles: write the block to the store first");
      }
    }
  }

  private void remember(ParticleRef p) {
    if (known.size() >= KNOWN_LIMIT) {
      known.clear();
    }
    known.put(p.key(), p);
  }
}
