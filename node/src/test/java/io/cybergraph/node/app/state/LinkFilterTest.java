package io.cybergraph.node.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.app.ByteKey;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinkFilterTest {

  private static ByteKey[] neurons(int n, Random random) {
    ByteKey[] out = new ByteKey[n];
    for (int i = 0; i < n; i++) {
      byte[] a = new byte[20];
      random.nextBytes(a);
      out[i] = ByteKey.of(a);
    }
    return out;
  }

  @Test
  void neverForgetsALinkAndRarelyImaginesOneAcrossGrownSegments() {
    Random random = new Random(21);
    ByteKey[] neurons = neurons(50, random);
    LinkFilter filter = new LinkFilter(1024); // grows to several segments below
    int links = 60_000;
    for (int i = 0; i < links; i++) {
      filter.add(neurons[i % 50], i, i + 1); // neighbouring indices, as real graphs have
    }
    for (int i = 0; i < links; i++) {
      assertTrue(filter.mightContain(neurons[i % 50], i, i + 1), "link " + i);
    }
    int falsePositives = 0;
    int queries = 100_000;
    for (int i = 0; i < queries; i++) {
      // same particles, other neuron or other direction: never added
      int from = i % links;
      falsePositives += filter.mightContain(neurons[(i + 1) % 50], from, from + 1) ? 1 : 0;
      falsePositives += filter.mightContain(neurons[i % 50], from + 1, from) ? 1 : 0;
    }
    double rate = falsePositives / (2.0 * queries);
    assertTrue(rate < 0.02, "false positive rate " + rate);
    assertTrue(filter.bytes() < 60_000L * 4, "bytes " + filter.bytes()); // under 32 bits a link
  }

  @Test
  void anEmptyFilterContainsNothing() {
    LinkFilter filter = new LinkFilter(0);
    ByteKey neuron = ByteKey.of(new byte[20]);
    assertEquals(false, filter.mightContain(neuron, 0, 1));
    filter.add(neuron, 0, 1);
    assertEquals(true, filter.mightContain(neuron, 0, 1));
  }
}
