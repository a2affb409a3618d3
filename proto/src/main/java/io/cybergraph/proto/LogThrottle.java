package io.cybergraph.proto;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a flood of one kind of log line (a refused connection, a failed handshake) to the first
 * line and then at most one summary per window: "refused 1999 connections from 3 addresses in
 * the last 10 s". A thousand junk connections then cost two lines, not a thousand, and the
 * first still says what happened. It decides and counts; the caller writes the lines (so this
 * module needs no logging library).
 *
 * <pre>{@code
 * LogThrottle refusals = new LogThrottle(Duration.ofSeconds(10),
 *     s -> log.warn("refused {} connections from {} addresses in the last 10 s",
 *         s.events(), s.sources()));
 * if (refusals.admit(address, channel.eventLoop())) {
 *   log.warn("connection from {} refused: ...", address);
 * }
 * }</pre>
 *
 * <p>The first event after a quiet window is admitted (logged in full) and opens a window; the
 * events in it are counted; when it ends, the summary is reported if any were counted, and a
 * new window begins; a window with none closes the run.
 */
public final class LogThrottle {

  /** Sources remembered per window: enough to count addresses, bounded against a flood. */
  static final int MAX_SOURCES = 10_000;

  /**
   * Events counted in one window and not logged one by one.
   *
   * @param events how many
   * @param sources from how many distinct sources (at most {@value #MAX_SOURCES} are told apart)
   */
  public record Summary(long events, int sources) {}

  private final Duration window;
  private final Consumer<Summary> report;
  private final Set<Object> sources = new HashSet<>();
  private boolean inWindow;
  private long events;

  /**
   * @param window how long events are counted before one summary
   * @param report writes a summary line (called on the scheduler given to {@link #admit})
   */
  public LogThrottle(Duration window, Consumer<Summary> report) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    this.window = window;
    this.report = report;
  }

  /**
   * Records one event from {@code source} (an address, say). True: log it in full (the first in
   * a while); false: it is counted in the next summary.
   *
   * @param scheduler where the summary is reported when the window ends
   */
  public boolean admit(Object source, ScheduledExecutorService scheduler) {
    synchronized (this) {
      if (inWindow) {
        events++;
        if (sources.size() < MAX_SOURCES) {
          sources.add(source);
        }
        return false;
      }
      inWindow = true;
    }
    scheduleEnd(scheduler);
    return true;
  }

  private void scheduleEnd(ScheduledExecutorService scheduler) {
    try {
      scheduler.schedule(() -> endWindow(scheduler), window.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      synchronized (this) {
        inWindow = false; // no summary will come; the next event is logged in full
      }
    }
  }

  private void endWindow(ScheduledExecutorService scheduler) {
    Summary summary;
    synchronized (this) {
      if (events == 0) {
        inWindow = false;
        return;
      }
      summary = new Summary(events, sources.size());
      events = 0;
      sources.clear();
    }
    report.accept(summary);
    scheduleEnd(scheduler);
  }
}
