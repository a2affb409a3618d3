package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.LinkQueries;
import io.cybergraph.store.LinkRecord;
import io.cybergraph.store.Particle;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link ChainGraph} read from the store: particles by key are point lookups, and "has this
 * neuron made this link" scans the store's pair index (from ‖ to ‖ seq), reading the neuron of
 * each link of the pair, so it costs one read per neuron that linked the pair. Nothing is held in
 * memory per particle or link. The store's block batch writes the graph, so {@link #append} only
 * checks that the store holds what the block added.
 */
public final class StoreGraph implements ChainGraph {
  private final ChainStore store;

  public StoreGraph(ChainStore store) {
    this.store = store;
  }

  @Override
  public ParticleRef particle(ByteKey key) {
    Optional<Particle> p = store.particles().byKey(key.bytes());
    return p.map(particle -> new ParticleRef(particle.index(), key, particle.text())).orElse(null);
  }

  @Override
  public boolean hasLink(ByteKey neuron, int from, int to) {
    byte[] address = neuron.bytes();
    long after = -1;
    while (true) {
      List<LinkRecord> page = store.queries().between(from, to, after, LinkQueries.MAX_LIMIT);
      for (LinkRecord link : page) {
        if (Arrays.equals(link.neuron(), address)) {
          return true;
        }
      }
      if (page.size() < LinkQueries.MAX_LIMIT) {
        return false;
      }
      after = page.get(page.size() - 1).seq();
    }
  }

  @Override
  public int particleCount() {
    return store.particleCount();
  }

  @Override
  public long linkCount() {
    return store.linkCount();
  }

  /** The store wrote the block already; checks it holds the block's particles and links. */
  @Override
  public void append(List<ParticleRef> newParticles, List<ExecutedLink> links) {
    for (ParticleRef p : newParticles) {
      if (p.index() >= store.particleCount()) {
        throw new IllegalStateException(
            "particle " + p.text() + " (index " + p.index() + ") is not in the store");
      }
    }
  }
}
