package io.cybergraph.node.chain;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.state.ChainGraph;
import io.cybergraph.node.app.state.ExecutedLink;
import io.cybergraph.node.app.state.ParticleRef;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.Particle;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The committed graph read from the store: particles by key and the duplicate-link check are
 * point lookups in RocksDB, so a node holds no Java object per link. The store is written first
 * (one atomic batch per block); {@link #append} then only checks that the application's view
 * and the store agree, and updates the lookup caches.
 *
 * <p>A tx's particles are looked up at admission, again when the block is proposed and at each
 * mempool recheck, and a RocksDB read costs microseconds; two caches save most of it:
 *
 * <ul>
 *   <li>known particles (they never change once committed); every particle a block commits is
 *       added, so a particle committed while this node runs is always found here;
 *   <li>keys found absent. A lookup racing a commit may record a key absent just after the
 *       block that adds it was written, but that block's particles are in the known set, which
 *       is checked first. When the known set is full both are emptied, and absences recorded by
 *       lookups that started before that are ignored (they carry the block count at their
 *       start).
 * </ul>
 */
public final class StoreGraph implements ChainGraph {
  static final int KNOWN_LIMIT = 500_000;
  static final int ABSENT_LIMIT = 500_000;

  private final ChainStore store;
  private final ConcurrentHashMap<ByteKey, ParticleRef> known = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ByteKey, Long> absent = new ConcurrentHashMap<>();
  private volatile long commits;
  /** Absences recorded by lookups that started before this block count are not trusted. */
  private volatile long floor;

  public StoreGraph(ChainStore store) {
    this.store = store;
  }

  @Override
  public ParticleRef particle(ByteKey key) {
    ParticleRef p = known.get(key);
    if (p != null) {
      return p;
    }
    long generation = commits; // read before the store
    Long absentSince = absent.get(key);
    if (absentSince != null && absentSince >= floor) {
      return null;
    }
    Optional<Particle> found = store.particles().byKey(key.bytes());
    if (found.isEmpty()) {
      if (absent.size() >= ABSENT_LIMIT) {
        absent.clear();
      }
      absent.put(key, generation);
      return null;
    }
    p = new ParticleRef(found.get().index(), key, found.get().text());
    remember(p);
    return p;
  }

  /** A particle read from the store (committed before): cached while there is room. */
  private void remember(ParticleRef p) {
    if (known.size() < KNOWN_LIMIT) {
      known.put(p.key(), p);
    }
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
    long next = commits + 1;
    if (known.size() + newParticles.size() > KNOWN_LIMIT) {
      known.clear();
      absent.clear();
      floor = next;
    }
    for (ParticleRef p : newParticles) {
      known.put(p.key(), p);
    }
    commits = next;
  }
}
