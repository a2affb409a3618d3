package io.cybergraph.node.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * Messages for the height after the one consensus is on (a faster peer already started it),
 * kept until this node gets there rather than dropped; bounded, the oldest go first. Used on the
 * consensus thread only.
 */
final class NextHeightBuffer {
  private record Held(long height, Runnable delivery) {}

  private final int capacity;
  private final List<Held> held = new ArrayList<>();

  NextHeightBuffer(int capacity) {
    this.capacity = capacity;
  }

  void add(long height, Runnable delivery) {
    if (held.size() == capacity) {
      held.remove(0);
    }
    held.add(new Held(height, delivery));
  }

  /** The deliveries for {@code height}, in arrival order; everything older is forgotten. */
  List<Runnable> take(long height) {
    List<Runnable> out = new ArrayList<>();
    List<Held> later = new ArrayList<>();
    for (Held h : held) {
      if (h.height() == height) {
        out.add(h.delivery());
      } else if (h.height() > height) {
        later.add(h);
      }
    }
    held.clear();
    held.addAll(later);
    return out;
  }

  int size() {
    return held.size();
  }
}
