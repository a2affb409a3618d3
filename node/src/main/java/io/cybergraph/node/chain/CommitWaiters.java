package io.cybergraph.node.chain;

import io.cybergraph.node.app.ByteKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Futures completed when a tx is committed ({@code /broadcast_tx_commit}). Register before the
 * tx enters the mempool, so its commit cannot be missed; cancel when it was refused or the wait
 * timed out. Bounded: at most {@code limit} waiters at once.
 */
public final class CommitWaiters implements CommitListener, AutoCloseable {

  /** Where a tx was committed. */
  public record TxCommitted(ByteKey hash, long height, int index) {}

  private final int limit;
  private final Map<ByteKey, List<CompletableFuture<TxCommitted>>> waiting = new HashMap<>();
  private int count;
  private boolean closed;

  public CommitWaiters(int limit) {
    this.limit = limit;
  }

  /**
   * A future completed when the tx with this hash commits.
   *
   * @throws IllegalStateException when {@code limit} waiters are already registered or the node
   *     is stopping
   */
  public synchronized CompletableFuture<TxCommitted> register(ByteKey txHash) {
    if (closed) {
      throw new IllegalStateException("the node is stopping");
    }
    if (count >= limit) {
      throw new IllegalStateException(count + " commit waits are open (limit " + limit + ")");
    }
    CompletableFuture<TxCommitted> f = new CompletableFuture<>();
    waiting.computeIfAbsent(txHash, k -> new ArrayList<>()).add(f);
    count++;
    return f;
  }

  /** Forgets a waiter (refused tx, timeout). */
  public synchronized void cancel(ByteKey txHash, CompletableFuture<TxCommitted> future) {
    List<CompletableFuture<TxCommitted>> list = waiting.get(txHash);
    if (list != null && list.remove(future)) {
      count--;
      if (list.isEmpty()) {
        waiting.remove(txHash);
      }
    }
  }

  public synchronized int size() {
    return count;
  }

  @Override
  public void committed(BlockCommitted event) {
    List<ByteKey> hashes = event.execution().txHashes();
    List<Runnable> completions = new ArrayList<>();
    synchronized (this) {
      if (waiting.isEmpty()) {
        return;
      }
      for (int i = 0; i < hashes.size(); i++) {
        List<CompletableFuture<TxCommitted>> list = waiting.remove(hashes.get(i));
        if (list != null) {
          count -= list.size();
          TxCommitted done = new TxCommitted(hashes.get(i), event.height(), i);
          for (CompletableFuture<TxCommitted> f : list) {
            completions.add(() -> f.complete(done));
          }
        }
      }
    }
    completions.forEach(Runnable::run);
  }

  @Override
  public void close() {
    List<CompletableFuture<TxCommitted>> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      waiting.values().forEach(all::addAll);
      waiting.clear();
      count = 0;
    }
    IllegalStateException stopping = new IllegalStateException("the node is stopping");
    all.forEach(f -> f.completeExceptionally(stopping));
  }
}
