package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import java.util.List;

/**
 * The committed graph as execution needs it: particles by key and "has this neuron made this
 * link" for duplicate checks. Kept behind this interface so the check can be a point lookup in
 * the store's (from, to, neuron) index instead of a Java object per link.
 *
 * <p>Readers may call from any thread while the one writer appends a block.
 */
public interface ChainGraph {

  /** The committed particle with this key, or null. */
  ParticleRef particle(ByteKey key);

  /** True when {@code neuron} has linked particle {@code from} to particle {@code to}. */
  boolean hasLink(ByteKey neuron, int from, int to);

  /** Committed particles; the next new particle gets this index. */
  int particleCount();

  /** Committed links. */
  long linkCount();

  /** Adds a committed block's new particles (indices continuing the count) and links. */
  void append(List<ParticleRef> newParticles, List<ExecutedLink> links);
}
