package io.cybergraph.node.chain;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.state.ChainGraph;
import io.cybergraph.node.app.state.ExecutedLink;
import io.cybergraph.node.app.state.ParticleRef;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.Particle;
import java.util.List;
import java.util.Optional;

/**
 * The committed graph read from the store: particles by key and the duplicate-link check are
 * point lookups in RocksDB, so a node holds no Java object per link. The store is written first
 * (one atomic batch per block); {@link #append} then only checks that the application's view
 * and the store agree.
 */
public final class StoreGraph implements ChainGraph {
  private final ChainStore store;

  public StoreGraph(ChainStore store) {
    this.store = store;
  }

  @Override
  public ParticleRef particle(ByteKey key) {
    Optional<Particle> p = store.particles().byKey(key.bytes());
    return p.map(found -> new ParticleRef(found.index(), key, found.text())).orElse(null);
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
}
