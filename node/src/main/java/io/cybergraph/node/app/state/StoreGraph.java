package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.Particle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ChainGraph} read from the store: particles by key are point lookups (the last 65,536
 * found are kept in memory, as hubs recur in almost every block), and "has this neuron made
 * this link" first asks a Bloom filter of all links ({@link LinkFilter}, 11 to 15 bits per
 * link, built from the link log when the graph is opened), and only on a "maybe" asks the
 * store (a prefix scan of the pair's links, from ‖ to ‖ seq, reading only their neurons). So a
 * new link (the common case) costs no read, a duplicate one read per neuron that linked the
 * pair.
 * The store's block batch writes the graph, so {@link #append} only adds the block's links to
 * the filter and checks that the store holds the block's particles.
 */
public final class StoreGraph implements ChainGraph {
  /** Particles kept after a lookup: hubs recur in almost every block. */
  private static final int PARTICLE_CACHE = 1 << 16;

  private final ChainStore store;
  private final LinkFilter filter;
  // committed particles never change, so a cached one is always right
  private final Map<ByteKey, ParticleRef> particles =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteKey, ParticleRef> eldest) {
          return size() > PARTICLE_CACHE;
        }
      };

  /** Opens the graph of {@code store}, reading its whole link log once to build the filter. */
  public StoreGraph(ChainStore store) {
    this.store = store;
    this.filter = new LinkFilter(Math.max(1 << 20, 2 * store.linkCount()));
    store.links().replay(0, (seq, neuron, from, to, height) ->
        filter.add(ByteKey.of(neuron), from, to));
  }

  @Override
  public ParticleRef particle(ByteKey key) {
    synchronized (particles) {
      ParticleRef cached = particles.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Optional<Particle> p = store.particles().byKey(key.bytes());
    if (p.isEmpty()) {
      return null;
    }
    ParticleRef found = new ParticleRef(p.get().index(), key, p.get().text());
    synchronized (particles) {
      particles.put(key, found);
    }
    return found;
  }

  @Override
  public boolean hasLink(ByteKey neuron, int from, int to) {
    return filter.mightContain(neuron, from, to)
        && store.queries().hasLink(neuron.bytes(), from, to);
  }

  /** Bytes the link filter holds. */
  public long filterBytes() {
    return filter.bytes();
  }

  @Override
  public int particleCount() {
    return store.particleCount();
  }

  @Override
  public long linkCount() {
    return store.linkCount();
  }

  /** The store wrote the block already: adds its links to the filter, checks its particles. */
  @Override
  public synchronized void append(List<ParticleRef> newParticles, List<ExecutedLink> links) {
    for (ExecutedLink l : links) {
      filter.add(l.neuron(), l.from().index(), l.to().index());
    }
    for (ParticleRef p : newParticles) {
      if (p.index() >= store.particleCount()) {
        throw new IllegalStateException(
            "particle " + p.text() + " (index " + p.index() + ") is not in the store");
      }
    }
  }
}
