package io.cybergraph.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory blocked Bloom filter over byte-string keys: "absent" is certain, "maybe present"
 * is wrong about 1% of the time. The store keeps one over particle keys and one over links, so
 * that a key seen for the first time (a new particle, a new link: the common case under load)
 * is known absent without a RocksDB read.
 *
 * <p>Blocked: all probes of a key fall in one 512-bit block (one cache line), chosen by one hash;
 * 8 probes in it, about 12 bits per key. Scalable: when a segment holds its capacity a new one
 * of twice the capacity is added and later keys go there; a query asks every segment (a handful
 * for any graph size), so the false positive rate stays near 1% per segment while the filter
 * never needs the keys again.
 *
 * <p>Never a false "absent": {@link #add} sets the bits before it returns, and the store adds a
 * block's keys <em>before</em> it writes the block, so once a key is readable from the store the
 * filter answers "maybe" for it. One writer ({@link #add}); {@link #mightContain} may be called
 * from any thread (bits are set and read with volatile semantics).
 */
public final class KeyFilter {
  /**
   * Keys the store's filters hold before they first grow (3 MiB each): a query asks every
   * segment, one cache miss each, so a filter that starts large stays at one or two segments.
   */
  public static final long FIRST_SEGMENT_KEYS = 1L << 21;

  private static final int PROBES = 8;
  private static final int BITS_PER_KEY = 12;
  private static final int WORDS_PER_BLOCK = 8; // 512 bits, one cache line
  private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private record Segment(long[] words, int blocks, long capacity) {}

  private final List<Segment> segments = new CopyOnWriteArrayList<>();
  private long inLast; // keys added to the last segment (writer only)
  private long count; // keys added in all (writer only)

  /** @param expectedKeys keys the first segment holds before the filter grows */
  public KeyFilter(long expectedKeys) {
    addSegment(Math.max(1024, expectedKeys));
  }

  /** Adds a key. */
  public void add(byte[] key) {
    Segment last = segments.get(segments.size() - 1);
    if (inLast >= last.capacity()) {
      last = addSegment(last.capacity() * 2);
    }
    long h = hash(key);
    int base = block(h, last.blocks()) * WORDS_PER_BLOCK;
    long probes = mix(h + 0x9e3779b97f4a7c15L); // independent of the block choice
    for (int i = 0; i < PROBES; i++) {
      int bit = (int) (probes >>> 55); // 0..511
      probes = Long.rotateLeft(probes, 9);
      WORDS.getAndBitwiseOr(last.words(), base + (bit >>> 6), 1L << (bit & 63));
    }
    inLast++;
    count++;
  }

  /** False when {@code key} was certainly never added. */
  public boolean mightContain(byte[] key) {
    long h = hash(key);
    for (Segment s : segments) {
      if (allSet(s, h)) {
        return true;
      }
    }
    return false;
  }

  /** Keys added. */
  public long count() {
    return count;
  }

  /** Bytes of the bit arrays. */
  public long bytes() {
    long total = 0;
    for (Segment s : segments) {
      total += s.words().length * 8L;
    }
    return total;
  }

  private static boolean allSet(Segment s, long h) {
    int base = block(h, s.blocks()) * WORDS_PER_BLOCK;
    long probes = mix(h + 0x9e3779b97f4a7c15L);
    for (int i = 0; i < PROBES; i++) {
      int bit = (int) (probes >>> 55);
      probes = Long.rotateLeft(probes, 9);
      long word = (long) WORDS.getVolatile(s.words(), base + (bit >>> 6));
      if ((word & (1L << (bit & 63))) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The block of a hash: its high 32 bits scaled to the block count (no modulo bias to speak of). */
  private static int block(long h, int blocks) {
    return (int) (((h >>> 32) * blocks) >>> 32);
  }

  private Segment addSegment(long capacity) {
    long blocks = Math.max(1, (capacity * BITS_PER_KEY + 511) / 512);
    int n = Math.toIntExact(blocks);
    Segment s = new Segment(new long[Math.multiplyExact(n, WORDS_PER_BLOCK)], n, capacity);
    segments.add(s);
    inLast = 0;
    return s;
  }

  /**
   * A 64-bit hash of the whole key (8 bytes at a time, each avalanched by splitmix64's
   * finaliser before it is folded in, so that keys differing in two places cannot cancel out): keys here are hash digests behind short prefixes, or addresses and indices, so
   * speed matters more than resistance to chosen keys — a chosen collision only costs a read.
   */
  static long hash(byte[] key) {
    long h = 0x243f6a8885a308d3L ^ key.length;
    int i = 0;
    for (; i + 8 <= key.length; i += 8) {
      h = Long.rotateLeft(h ^ mix((long) LONGS.get(key, i)), 27) * 0x9e3779b97f4a7c15L;
    }
    long tail = 0;
    for (int shift = 0; i < key.length; i++, shift += 8) {
      tail |= (key[i] & 0xffL) << shift;
    }
    h = Long.rotateLeft(h ^ mix(tail), 27) * 0x9e3779b97f4a7c15L;
    return mix(h);
  }

  /** splitmix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
