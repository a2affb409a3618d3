package io.cybergraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeyFilterTest {

  /** Keys shaped like the store's: a 4-byte CID prefix and a digest, or neuron ‖ from ‖ to. */
  private static byte[] particleKey(SplittableRandom random) {
    byte[] key = new byte[36];
    random.nextBytes(key);
    key[0] = 1;
    key[1] = 0x55;
    key[2] = 0x12;
    key[3] = 0x20;
    return key;
  }

  @Test
  void neverDeniesAnAddedKeyAcrossManyGrownSegments() {
    SplittableRandom random = new SplittableRandom(11);
    KeyFilter filter = new KeyFilter(1024); // grows to about nine segments below
    int n = 400_000;
    byte[][] keys = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = particleKey(random);
      filter.add(keys[i]);
    }
    for (int i = 0; i < n; i++) {
      assertTrue(filter.mightContain(keys[i]), "key " + i);
    }
    assertEquals(n, filter.count());
    int falsePositives = 0;
    int queries = 200_000;
    for (int i = 0; i < queries; i++) {
      falsePositives += filter.mightContain(particleKey(random)) ? 1 : 0;
    }
    double rate = falsePositives / (double) queries;
    // about 1% per segment, and a query asks every segment
    assertTrue(rate < 0.05, "false positive rate " + rate);
    assertTrue(filter.bytes() < n * 4L, "bytes " + filter.bytes()); // under 32 bits a key
  }

  @Test
  void neighbouringLinkKeysAreToldApart() {
    byte[] neuron = new byte[20];
    new SplittableRandom(3).nextBytes(neuron);
    KeyFilter filter = new KeyFilter(100_000);
    for (int i = 0; i < 100_000; i++) {
      filter.add(ByteBuffer.allocate(28).put(neuron).putInt(i).putInt(i + 1).array());
    }
    int falsePositives = 0;
    for (int i = 0; i < 100_000; i++) {
      assertTrue(filter.mightContain(ByteBuffer.allocate(28).put(neuron).putInt(i).putInt(i + 1).array()));
      // the reverse direction was never added
      falsePositives += filter.mightContain(
          ByteBuffer.allocate(28).put(neuron).putInt(i + 1).putInt(i).array()) ? 1 : 0;
    }
    assertTrue(falsePositives < 3_000, "false positives " + falsePositives);
  }

  @Test
  void keysOfEveryLengthAndAnEmptyFilter() {
    KeyFilter filter = new KeyFilter(0);
    for (int len = 0; len < 40; len++) {
      assertFalse(filter.mightContain(new byte[len + 1]) && filter.count() == 0);
    }
    for (int len = 0; len < 40; len++) {
      byte[] key = new byte[len];
      for (int i = 0; i < len; i++) {
        key[i] = (byte) (i * 7 + len);
      }
      filter.add(key);
      assertTrue(filter.mightContain(key), "length " + len);
    }
  }

  @Test
  void aReaderNeverMissesAKeyPublishedBeforeItLooks() throws Exception {
    SplittableRandom random = new SplittableRandom(5);
    int n = 200_000;
    byte[][] keys = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = particleKey(random);
    }
    KeyFilter filter = new KeyFilter(1024); // segments are added while the reader reads
    AtomicInteger published = new AtomicInteger();
    AtomicReference<String> miss = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      SplittableRandom r = new SplittableRandom(9);
      while (published.get() < n && miss.get() == null) {
        int upTo = published.get(); // keys below were added before this read
        if (upTo == 0) {
          continue;
        }
        int i = r.nextInt(upTo);
        if (!filter.mightContain(keys[i])) {
          miss.set("key " + i + " denied after " + upTo + " were published");
        }
      }
    });
    reader.start();
    for (int i = 0; i < n; i++) {
      filter.add(keys[i]);
      published.set(i + 1);
    }
    reader.join();
    assertEquals(null, miss.get());
  }
}
