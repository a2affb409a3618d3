package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scalable Bloom filter over links (neuron, from index, to index): "no" is certain, "maybe" is
 * right about 99% of the time. It spares the store lookup behind a duplicate check for almost
 * every new link, while holding 11 to 15 bits per link (about 27 MiB for 10 million links), no
 * object per link. When a segment is full, a new one twice its capacity and one probe stricter
 * is added, so the false positive rate stays below about 2^-7 + 2^-8 + ... < 1.6% as the graph
 * grows.
 *
 * <p>One writer ({@link #add}); {@link #mightContain} may be called from any thread. A reader
 * racing an add may miss that link (a false "no"), which only the writer's own thread could act
 * on wrongly, and it does not race itself.
 */
final class LinkFilter {
  private static final int FIRST_PROBES = 7;
  private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

  /** k probes over 1.45·k bits per link: a false positive rate of about 2^-k when full. */
  private record Segment(long[] words, long bits, long capacity, int probes) {}

  private final List<Segment> segments = new CopyOnWriteArrayList<>();
  private long inLast; // links in the last segment

  /** @param initialCapacity links the first segment holds */
  LinkFilter(long initialCapacity) {
    addSegment(Math.max(1024, initialCapacity));
  }

  void add(ByteKey neuron, int from, int to) {
    Segment last = segments.get(segments.size() - 1);
    if (inLast >= last.capacity()) {
      last = addSegment(last.capacity() * 2);
    }
    long[] h = hashes(neuron, from, to);
    for (int i = 0; i < last.probes(); i++) {
      long bit = Long.remainderUnsigned(h[0] + i * h[1], last.bits());
      WORDS.getAndBitwiseOr(last.words(), (int) (bit >>> 6), 1L << (bit & 63));
    }
    inLast++;
  }

  /** False when the link was certainly never added. */
  boolean mightContain(ByteKey neuron, int from, int to) {
    long[] h = hashes(neuron, from, to);
    for (Segment s : segments) {
      if (allSet(s, h[0], h[1])) {
        return true;
      }
    }
    return false;
  }

  /** Bytes held. */
  long bytes() {
    long total = 0;
    for (Segment s : segments) {
      total += s.words().length * 8L;
    }
    return total;
  }

  private static boolean allSet(Segment s, long h1, long h2) {
    for (int i = 0; i < s.probes(); i++) {
      long bit = Long.remainderUnsigned(h1 + i * h2, s.bits());
      long word = (long) WORDS.getVolatile(s.words(), (int) (bit >>> 6));
      if ((word & (1L << (bit & 63))) == 0) {
        return false;
      }
    }
    return true;
  }

  private Segment addSegment(long capacity) {
    int probes = FIRST_PROBES + segments.size(); // each segment twice as strict as the last
    long bits = Math.multiplyExact(capacity, (probes * 145L + 99) / 100);
    int words = Math.toIntExact((bits + 63) / 64);
    Segment s = new Segment(new long[words], words * 64L, capacity, probes);
    segments.add(s);
    inLast = 0;
    return s;
  }

  // Addresses are SHA-256 prefixes, so their bytes are already uniform; mixing in the particle
  // indices with splitmix64 spreads neighbouring indices.
  private static long[] hashes(ByteKey neuron, int from, int to) {
    ByteBuffer address = ByteBuffer.wrap(neuron.bytes());
    long h1 = mix(address.getLong(0) ^ mix(((long) from << 32) | (to & 0xffffffffL)));
    long h2 = mix(address.getLong(8) + 0x9e3779b97f4a7c15L * from + 0xc2b2ae3d27d4eb4fL * to);
    return new long[] {h1, h2 | 1};
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
