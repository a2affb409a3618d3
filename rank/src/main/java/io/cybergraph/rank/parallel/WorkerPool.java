package io.cybergraph.rank.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed set of threads that runs the chunks of one phase of work and waits for all of them.
 * Chunks never share an accumulator: each writes its own rows and its own partial sum, and the
 * caller adds the partial sums exactly, so results do not depend on the thread count.
 */
public final class WorkerPool implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int threads;
  private final ExecutorService executor;

  /** @param threads at least 1; with 1 every chunk runs on the calling thread */
  public WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be ≥ 1: " + threads);
    }
    this.threads = threads;
    if (threads == 1) {
      executor = null;
    } else {
      int pool = POOLS.incrementAndGet();
      AtomicInteger count = new AtomicInteger();
      executor =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "rank-" + pool + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
  }

  /** A pool with one thread per available processor. */
  public static WorkerPool allCores() {
    return new WorkerPool(Runtime.getRuntime().availableProcessors());
  }

  public int threads() {
    return threads;
  }

  /** How many chunks to cut a phase into: a few per thread so a slow core does not stall it. */
  public int chunks() {
    return threads == 1 ? 1 : threads * 4;
  }

  /** Runs {@code task.accept(c)} for every c in [0, chunks) and returns when all are done. */
  public void forEach(int chunks, IntConsumer task) {
    if (executor == null || chunks == 1) {
      for (int c = 0; c < chunks; c++) {
        task.accept(c);
      }
      return;
    }
    List<Callable<Void>> calls = new ArrayList<>(chunks);
    for (int c = 0; c < chunks; c++) {
      int chunk = c;
      calls.add(
          () -> {
            task.accept(chunk);
            return null;
          });
    }
    List<Future<Void>> futures;
    try {
      futures = executor.invokeAll(calls);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    for (Future<Void> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
