package io.cybergraph.node.chain;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.state.ExecutedLink;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The neurons that made at least one committed link (for {@code /graph/stats}). */
public final class Linkers implements CommitListener {
  private final Set<ByteKey> neurons = ConcurrentHashMap.newKeySet();

  public Linkers(Collection<ByteKey> initial) {
    neurons.addAll(initial);
  }

  @Override
  public void committed(BlockCommitted event) {
    for (ExecutedLink l : event.execution().links()) {
      neurons.add(l.neuron());
    }
  }

  public int count() {
    return neurons.size();
  }
}
