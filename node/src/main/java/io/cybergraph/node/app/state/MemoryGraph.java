package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ChainGraph} held in memory: one map entry per particle and one set entry per link.
 * For tests and tools; a node keeps the graph in the store.
 */
public final class MemoryGraph implements ChainGraph {
  private record LinkKey(ByteKey neuron, int from, int to) {}

  private final Map<ByteKey, ParticleRef> particles = new ConcurrentHashMap<>();
  private final Set<LinkKey> links = ConcurrentHashMap.newKeySet();
  private volatile int particleCount;
  private volatile long linkCount;

  @Override
  public ParticleRef particle(ByteKey key) {
    return particles.get(key);
  }

  @Override
  public boolean hasLink(ByteKey neuron, int from, int to) {
    return links.contains(new LinkKey(neuron, from, to));
  }

  @Override
  public int particleCount() {
    return particleCount;
  }

  @Override
  public long linkCount() {
    return linkCount;
  }

  @Override
  public synchronized void append(List<ParticleRef> newParticles, List<ExecutedLink> newLinks) {
    int next = particleCount;
    for (ParticleRef p : newParticles) {
      if (p.index() != next) {
        throw new IllegalArgumentException(
            "particle " + p.text() + " has index " + p.index() + ", expected " + next);
      }
      particles.put(p.key(), p);
      next++;
    }
    for (ExecutedLink l : newLinks) {
      links.add(new LinkKey(l.neuron(), l.from().index(), l.to().index()));
    }
    particleCount = next;
    linkCount += newLinks.size();
  }
}
