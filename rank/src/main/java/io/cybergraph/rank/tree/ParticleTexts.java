package io.cybergraph.rank.tree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The particles' texts as the rank tree hashes them, in index order: the text (the same String
 * objects the graph holds, so a reference each) and whether it is all ASCII, decided once when
 * the particle appears. Every block hashes every leaf, and encoding a million strings to new
 * byte arrays each block cost as much as a third of the hashing; an ASCII text (every CID) is
 * its own UTF-8, copied straight into the leaf's message buffer.
 *
 * <p>One writer appends; readers may read texts below a size they saw after the append (the
 * arrays are replaced, never changed below the size, when they grow).
 */
public final class ParticleTexts {
  private String[] texts = new String[64];
  /** Bit j set: text j has a character beyond ASCII (its UTF-8 is not its chars). */
  private long[] nonAscii = new long[1];
  private int size;
  private int longest;

  /** Appends the next particle's text. */
  public void append(String text) {
    if (size == texts.length) {
      texts = Arrays.copyOf(texts, (int) Math.min(Integer.MAX_VALUE - 16L, size * 2L));
    }
    if ((size >>> 6) == nonAscii.length) {
      nonAscii = Arrays.copyOf(nonAscii, nonAscii.length * 2);
    }
    int utf8 = text.length();
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        nonAscii[size >>> 6] |= 1L << size;
        utf8 = text.getBytes(StandardCharsets.UTF_8).length;
        break;
      }
    }
    texts[size] = text;
    size++;
    longest = Math.max(longest, utf8);
  }

  /** Texts held. */
  public int size() {
    return size;
  }

  /** The UTF-8 length in bytes of the longest text. */
  int longest() {
    return longest;
  }

  /** What a tree keeps to rehash leaves later: the arrays as they are now. */
  View view() {
    return new View(texts, nonAscii);
  }

  /** The texts and ASCII flags as of one moment (entries below that size never change). */
  record View(String[] texts, long[] nonAscii) {
    /** Writes utf8(text j) into {@code out} at {@code at}; returns its length in bytes. */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): exact for ASCII text
    int utf8Into(int j, byte[] out, int at) {
      String t = texts[j];
      if ((nonAscii[j >>> 6] & (1L << j)) == 0) {
        t.getBytes(0, t.length(), out, at);
        return t.length();
      }
      byte[] b = t.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(b, 0, out, at, b.length);
      return b.length;
    }

    /** The UTF-8 length of the longest text of [from, to). */
    int longest(int from, int to) {
      int max = 0;
      for (int j = from; j < to; j++) {
        max = Math.max(max, texts[j].getBytes(StandardCharsets.UTF_8).length);
      }
      return max;
    }
  }
}
