package io.cybergraph.p2p.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void allowsTheBurstThenRefillsAtTheRate() {
    TokenBucket bucket = new TokenBucket(10, 20, nanos::get);
    for (int i = 0; i < 20; i++) {
      assertTrue(bucket.tryTake(1), "burst message " + i);
    }
    assertFalse(bucket.tryTake(1), "burst used up");

    nanos.addAndGet(100_000_000); // 0.1 s: one token at 10 per second
    assertTrue(bucket.tryTake(1));
    assertFalse(bucket.tryTake(1));
  }

  @Test
  void neverHoldsMoreThanItsCapacity() {
    TokenBucket bucket = new TokenBucket(10, 20, nanos::get);
    nanos.addAndGet(3_600_000_000_000L); // an hour idle
    assertTrue(bucket.tryTake(20));
    assertFalse(bucket.tryTake(1));
  }

  @Test
  void aRefusedTakeTakesNothing() {
    TokenBucket bucket = new TokenBucket(10, 20, nanos::get);
    assertFalse(bucket.tryTake(21));
    assertTrue(bucket.tryTake(20));
  }

  @Test
  void aTakeOwingSaysHowLongItsDebtLasts() {
    TokenBucket bucket = new TokenBucket(10, 20, nanos::get);
    assertEquals(0, bucket.takeOwing(20), "within the burst: no debt");
    assertEquals(500_000_000L, bucket.takeOwing(5), "5 tokens owed at 10 per second");
    nanos.addAndGet(500_000_000L);
    assertEquals(0, bucket.takeOwing(0), "paid off");
    assertFalse(bucket.tryTake(1));
  }
}
