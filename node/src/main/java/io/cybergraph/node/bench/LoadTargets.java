package io.cybergraph.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The nodes of one chain a load run talks to, and which of them answer. A node whose RPC stops
 * answering (connection refused, reset or timed out) is skipped: the calls meant for it go to
 * the next node in order that answers, and it is tried again after {@link #RETRY_NANOS}, so a
 * validator killed and restarted during a run costs its share of the load only while it is
 * down. Each change is said once on the progress writer.
 *
 * <p>The run needs at least one node: {@link #call} throws when none answers.
 */
final class LoadTargets {
  static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** A call of one node's RPC. */
  interface Call<T> {
    T on(LoadClient node) throws IOException, InterruptedException;
  }

  /** What a call answered and which node answered it. */
  record Answered<T>(T value, int node) {}

  private final List<URI> uris;
  private final List<LoadClient> clients = new ArrayList<>();
  /** Per node: 0 while it answers, else the time (clock nanos) to try it again. */
  private final AtomicLongArray downUntil;
  /** Per node: how often it stopped answering (a tx sent to it records the count then). */
  private final AtomicIntegerArray timesDown;
  /** Per node: when it last stopped answering (clock nanos). */
  private final AtomicLongArray lastDownAt;
  private final PrintWriter progress;
  private final LongSupplier clock;

  LoadTargets(List<URI> uris, PrintWriter progress, LongSupplier clock) {
    this.uris = List.copyOf(uris);
    for (URI uri : this.uris) {
      clients.add(new LoadClient(uri));
    }
    this.downUntil = new AtomicLongArray(this.uris.size());
    this.timesDown = new AtomicIntegerArray(this.uris.size());
    this.lastDownAt = new AtomicLongArray(this.uris.size());
    this.progress = progress;
    this.clock = clock;
  }

  int size() {
    return clients.size();
  }

  URI uri(int node) {
    return uris.get(node);
  }

  /** Node {@code node}'s client, whether it answers or not. */
  LoadClient client(int node) {
    return clients.get(node);
  }

  /**
   * Makes the call on {@code preferred} if it answers, else on the next node in order that
   * does; a node that fails to answer is marked down and the call goes on to the next.
   *
   * @throws IOException when no node answers (the last node's error)
   */
  <T> Answered<T> call(int preferred, Call<T> call) throws IOException, InterruptedException {
    IOException last = null;
    for (int i = 0; i < clients.size(); i++) {
      int node = (preferred + i) % clients.size();
      long until = downUntil.get(node);
      if (until != 0 && clock.getAsLong() < until) {
        continue;
      }
      try {
        T value = call.on(clients.get(node));
        if (until != 0 && downUntil.compareAndSet(node, until, 0)) {
          say("node " + uris.get(node) + " answers again");
        }
        return new Answered<>(value, node);
      } catch (LoadClient.Refused e) {
        throw e; // it answers
      } catch (IOException e) {
        last = e;
        long now = clock.getAsLong();
        if (downUntil.getAndSet(node, now + RETRY_NANOS) == 0) {
          lastDownAt.set(node, now);
          timesDown.incrementAndGet(node);
          say("node " + uris.get(node) + " stopped answering (" + reason(e) + "): its calls go"
              + " to the other nodes until it answers again");
        }
      }
    }
    throw new IOException("no node answers" + (last == null ? "" : " (" + reason(last) + ")"),
        last);
  }

  /** How often {@code node} has stopped answering so far: recorded with each tx sent to it. */
  int timesDown(int node) {
    return timesDown.get(node);
  }

  /**
   * Whether {@code node} stopped answering after a tx was sent to it (when it had stopped
   * {@code timesDownAtSend} times), {@code nanos} or more ago: such a tx, if it is not committed
   * yet, likely died with the node's mempool before gossip passed it on.
   */
  boolean stoppedSince(int node, int timesDownAtSend, long nanos) {
    return timesDown.get(node) != timesDownAtSend
        && clock.getAsLong() - lastDownAt.get(node) >= nanos;
  }

  /** {@link LoadClient#getOk} on the preferred node or the next that answers. */
  JsonNode getOk(int preferred, String pathAndQuery) throws IOException, InterruptedException {
    return call(preferred, node -> node.getOk(pathAndQuery)).value();
  }

  private void say(String line) {
    progress.println(line);
    progress.flush();
  }

  private static String reason(IOException e) {
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name : name + ": " + e.getMessage();
  }
}
