package io.cybergraph.node.consensus;

import io.cybergraph.p2p.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Block parts that came before the block was wanted (its proposal not yet taken, or not
 * collected early), each kept as the work to redo once it is: at most {@code capacity} in all,
 * shared fairly among the peers that sent them. When full, a part from a peer holding fewer than
 * the largest holder takes the place of that holder's oldest part; a part from a largest holder
 * is dropped. Any peer can send parts of made-up blocks for the next height, a few hundred bytes
 * each: first come, first kept let one peer fill every place once per height, and the honest
 * proposer's parts that came early were then dropped until resent.
 */
final class OrphanParts {
  private record Orphan(NodeId from, Runnable redo) {}

  private final int capacity;
  private final LinkedHashMap<String, Orphan> byKey = new LinkedHashMap<>();
  private final Map<NodeId, Integer> perPeer = new HashMap<>();

  OrphanParts(int capacity) {
    this.capacity = capacity;
  }

  /** Keeps {@code redo} for part {@code key} from {@code from}; false if it was not kept. */
  boolean add(NodeId from, String key, Runnable redo) {
    if (byKey.containsKey(key)) {
      return false;
    }
    if (byKey.size() >= capacity && !evictFromTheLargestHolderFor(from)) {
      return false;
    }
    byKey.put(key, new Orphan(from, redo));
    perPeer.merge(from, 1, Integer::sum);
    return true;
  }

  /** Removes and returns the work kept for the parts whose keys start with {@code prefix}. */
  List<Runnable> take(String prefix) {
    List<Runnable> taken = new ArrayList<>();
    Iterator<Map.Entry<String, Orphan>> it = byKey.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Orphan> e = it.next();
      if (e.getKey().startsWith(prefix)) {
        it.remove();
        forget(e.getValue().from());
        taken.add(e.getValue().redo());
      }
    }
    return taken;
  }

  void clear() {
    byKey.clear();
    perPeer.clear();
  }

  int size() {
    return byKey.size();
  }

  /** Parts of {@code peer} kept now (tests). */
  int of(NodeId peer) {
    return perPeer.getOrDefault(peer, 0);
  }

  private boolean evictFromTheLargestHolderFor(NodeId from) {
    NodeId largest = null;
    int most = 0;
    for (Map.Entry<NodeId, Integer> e : perPeer.entrySet()) {
      if (e.getValue() > most) {
        largest = e.getKey();
        most = e.getValue();
      }
    }
    if (of(from) + 1 >= most) {
      return false; // it would become (or is) a largest holder itself
    }
    Iterator<Orphan> it = byKey.values().iterator();
    while (it.hasNext()) {
      Orphan o = it.next();
      if (o.from().equals(largest)) {
        it.remove();
        forget(largest);
        return true;
      }
    }
    throw new IllegalStateException("a counted holder without parts");
  }

  private void forget(NodeId peer) {
    perPeer.computeIfPresent(peer, (id, n) -> n == 1 ? null : n - 1);
  }
}
