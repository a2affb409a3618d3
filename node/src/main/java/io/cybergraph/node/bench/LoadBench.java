package io.cybergraph.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.proto.pb.Message;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A load run against the RPC of one node or several nodes of one chain: funds fresh accounts
 * from one key per node (Sends), then signs and submits link txs from them, each account to the
 * node of its funder, at most {@code concurrency} txs in flight (submitted and not yet seen
 * committed), and follows the committed blocks (on the first node) to time each tx from
 * submission to commit.
 *
 * <p>Two ways to load: closed (the default), where a tx is sent as soon as one of the window
 * commits, so the load adapts to the chain and bunches into alternating full and near-empty
 * blocks; and open ({@code txsPerSecond} > 0), where txs are due at a fixed rate whatever the
 * chain does and each is timed from when it was due (a tx held back by the window, a retry or
 * a slow RPC still counts from then), which is how a latency goal at a given rate is checked.
 *
 * <p>Several funders matter on a chain of several validators: the bandwidth rule gives an account
 * a share of the chain's link budget proportional to its stake, so accounts funded by one
 * validator's key can use at most that key's share of every block.
 *
 * <p>Back-pressure is not an error: a tx refused for bandwidth (new accounts refill over the
 * bandwidth window), a full mempool or the RPC rate limit is retried later; anything else
 * refused, or never committed, counts as an error.
 *
 * <p>A node that stops answering during the run is skipped ({@link LoadTargets}): its accounts
 * submit to the next node that answers, the blocks are followed there, and the txs it held
 * that are not committed within {@link #LOST_AFTER_NANOS} of its going down count as errors
 * (they died with its mempool). The run fails only when no node answers for
 * {@link #NO_NODE_NANOS}.
 */
public final class LoadBench {
  private static final int SENDS_PER_TX = 100;
  private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  static final long LOST_AFTER_NANOS = TimeUnit.SECONDS.toNanos(20);
  static final long NO_NODE_NANOS = TimeUnit.SECONDS.toNanos(30);

  /**
   * One node to submit to and the key that funds the accounts submitting there.
   *
   * @param node RPC URL
   * @param funder the key that pays the accounts (its account must be funded)
   */
  public record Source(URI node, KeyPair funder) {}

  /**
   * @param sources the nodes and funding keys (at least one; the first node is followed)
   * @param accounts fresh accounts to create and link from, split evenly over the sources
   * @param txs link txs to commit in all
   * @param linksPerTx links in each tx (each between two new particles)
   * @param concurrency txs in flight at most
   * @param txsPerSecond the open-loop rate txs are due at; 0 for a closed loop
   * @param warmupTxs the first txs of {@code txs}, sent like the rest but neither timed nor
   *     counted (fresh node JVMs compile while they run)
   * @param timeout the longest the run may take
   */
  public record Settings(List<Source> sources, int accounts, int txs, int linksPerTx,
      int concurrency, double txsPerSecond, int warmupTxs, Duration timeout) {
    public Settings {
      sources = List.copyOf(sources);
      if (warmupTxs < 0 || warmupTxs >= txs) {
        throw new IllegalArgumentException(
            "warm-up txs must be >= 0 and fewer than the " + txs + " txs, got " + warmupTxs);
      }
      if (!(txsPerSecond >= 0) || Double.isInfinite(txsPerSecond)) {
        throw new IllegalArgumentException("txs per second must be >= 0, got " + txsPerSecond);
      }
      if (sources.isEmpty() || accounts < sources.size()) {
        throw new IllegalArgumentException(
            "at least one source and one account per source, got " + sources.size()
                + " sources and " + accounts + " accounts");
      }
    }
  }

  /**
   * A tx in flight; {@code measured} is false for the warm-up txs; {@code node} took it, when it
   * had stopped answering {@code nodeTimesDown} times.
   */
  private record Submitted(long startNanos, int links, int worker, boolean measured,
      Account account, int node, int nodeTimesDown) {
    Submitted takenBy(int other, int otherTimesDown) {
      return new Submitted(startNanos, links, worker, measured, account, other, otherTimesDown);
    }
  }

  /** One load account: its key and the state of its next tx. */
  private static final class Account {
    final KeyPair key;
    final int source; // the node this account submits to while it answers
    long sequence;
    /** Set when a tx of this account was lost: read its next sequence before a new tx. */
    volatile boolean resync;
    byte[] retry; // a tx refused for back-pressure, to send again before any new one
    int retryLinks;
    boolean retryMeasured;
    long retryStart; // when that tx was first sent (or due, in an open loop)
    long blockedUntil;

    Account(KeyPair key, int source) {
      this.key = key;
      this.source = source;
    }
  }

  private final Settings settings;
  private final PrintWriter progress;
  private final LoadTargets targets;
  private final byte[] runSeed = new byte[16];
  private final AtomicLong particle = new AtomicLong();
  /** The bandwidth warning is said once per run, not once per account. */
  private final AtomicBoolean warnedBandwidth = new AtomicBoolean();
  private String chainId;

  public LoadBench(Settings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
    this.targets = new LoadTargets(
        settings.sources().stream().map(Source::node).toList(), progress, System::nanoTime);
    new SecureRandom().nextBytes(runSeed);
  }

  public LoadReport run() throws IOException, InterruptedException {
    // every call of the start goes to the node named, or the next that answers: a devnet with
    // a node down is still loaded (its share of the accounts funded through another node)
    LoadTargets.Answered<JsonNode> answered = targets.call(0, c -> c.getOk("/status"));
    chainId = answered.value().at("/node_info/network").asText();
    for (int s = 1; s < targets.size(); s++) {
      LoadTargets.Answered<JsonNode> status = targets.call(s, c -> c.getOk("/status"));
      String other = status.value().at("/node_info/network").asText();
      if (!other.equals(chainId)) {
        throw new IOException(targets.uri(status.node()) + " is on chain " + other + ", "
            + targets.uri(answered.node()) + " on " + chainId);
      }
    }
    List<Account> accounts = new ArrayList<>();
    List<Account> firstOfEach = new ArrayList<>();
    for (int s = 0; s < targets.size(); s++) {
      List<Account> funded = fund(s);
      firstOfEach.add(funded.get(0));
      accounts.addAll(funded);
    }
    for (Account first : firstOfEach) {
      awaitBandwidth(first);
    }
    return load(accounts);
  }

  // ----------------------------------------------------------------------- funding

  /** Funds source {@code s}'s share of the accounts from its key, through its node. */
  private List<Account> fund(int s) throws IOException, InterruptedException {
    Source source = settings.sources().get(s);
    int sources = targets.size();
    int first = (int) ((long) settings.accounts() * s / sources);
    int end = (int) ((long) settings.accounts() * (s + 1) / sources);
    String funder = Address.toBech32(source.funder().address());
    JsonNode account = targets.getOk(s, "/account?address=" + funder);
    long balance = Long.parseLong(account.get("balance").asText());
    long sequence = account.get("next_sequence").asLong();
    long each = balance / 10 * 9 / (end - first);
    if (each < 1) {
      throw new IOException("the funding key " + funder + " has " + balance
          + ": too little to fund " + (end - first) + " accounts");
    }
    List<Account> accounts = new ArrayList<>();
    for (int i = first; i < end; i++) {
      accounts.add(new Account(KeyPair.fromSeed(Hashes.sha256(runSeed, intBytes(i))), s));
    }
    int through = s;
    for (int from = 0; from < accounts.size(); from += SENDS_PER_TX) {
      List<Message> sends = new ArrayList<>();
      for (Account a : accounts.subList(from, Math.min(accounts.size(), from + SENDS_PER_TX))) {
        sends.add(TxBuilder.send(a.key.address(), each));
      }
      byte[] tx = TxBuilder.build(chainId, source.funder(), sequence++, sends, "bench funding");
      LoadTargets.Answered<LoadClient.Answer> sent =
          targets.call(s, c -> c.broadcast("/broadcast_tx_commit", tx));
      through = sent.node();
      LoadClient.Answer answer = sent.value();
      if (!answer.ok()) {
        throw new IOException("funding tx refused: " + answer.code() + ": " + answer.message());
      }
    }
    progress.printf("funded %d accounts with %d each (90%% of %s's balance) on %s%n",
        accounts.size(), each, funder, targets.uri(through));
    progress.flush();
    return accounts;
  }

  /**
   * New accounts start with no bandwidth and refill over the bandwidth window: wait (untimed)
   * until each holds its share of the load, or its full capacity if that is less, so the run
   * measures the node rather than the refill rule.
   */
  private void awaitBandwidth(Account account) throws IOException, InterruptedException {
    String neuron = Address.toBech32(account.key.address());
    long perAccount = (long) Math.ceil((double) settings.txs() / settings.accounts())
        * settings.linksPerTx();
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    long reported = -1;
    while (true) {
      JsonNode b = targets.getOk(account.source, "/bandwidth?neuron=" + neuron);
      long capacity = b.get("capacity").asLong();
      if (capacity < settings.linksPerTx()) {
        throw new IOException("each account's bandwidth capacity is " + capacity
            + " links, below --links-per-tx " + settings.linksPerTx()
            + ": use fewer accounts or fewer links per tx");
      }
      long wanted = Math.min(capacity, perAccount);
      if (capacity < perAccount && warnedBandwidth.compareAndSet(false, true)) {
        progress.printf("warning: each account's bandwidth holds %d links (refill %d per block),"
            + " less than its share of the load (%d links): the run will wait on refills and"
            + " measure the bandwidth rule, not the node; fund from a richer key (each bench"
            + " spends 90%% of the funder's balance: cyber dev --reset for a fresh devnode)%n",
            capacity, capacity / b.get("window_blocks").asLong(), perAccount);
        progress.flush();
      }
      long available = b.get("available").asLong();
      if (available >= wanted) {
        return;
      }
      if (reported < 0) {
        progress.printf("waiting for the new accounts' bandwidth: %d of %d links each (refill %d"
            + " per block)%n", available, wanted, capacity / b.get("window_blocks").asLong());
        progress.flush();
        reported = available;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("accounts got no bandwidth within the timeout");
      }
      Thread.sleep(200);
    }
  }

  // ----------------------------------------------------------------------- load

  private LoadReport load(List<Account> accounts) throws IOException, InterruptedException {
    int workers = Math.max(1, Math.min(Math.min(settings.concurrency(), 16), accounts.size()));
    Semaphore[] windows = new Semaphore[workers];
    List<List<Account>> owned = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int share = settings.concurrency() / workers + (w < settings.concurrency() % workers ? 1 : 0);
      windows[w] = new Semaphore(Math.max(1, share));
      owned.add(new ArrayList<>());
    }
    for (int i = 0; i < accounts.size(); i++) {
      owned.get(i % workers).add(accounts.get(i));
    }
    Map<String, Submitted> inFlight = new ConcurrentHashMap<>();
    AtomicInteger toSubmit = new AtomicInteger(settings.txs());
    AtomicLong errors = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    AtomicReference<IOException> failure = new AtomicReference<>();
    long start = System.nanoTime();
    long deadline = start + settings.timeout().toNanos();
    Schedule schedule = new Schedule(start, settings.txsPerSecond());
    long startHeight =
        targets.getOk(0, "/status").at("/sync_info/latest_block_height").asLong();
    // the measured window opens when the first measured tx is sent (or due)
    AtomicLong measuredStart = new AtomicLong(Long.MAX_VALUE);

    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      Thread t = new Thread(() -> {
        try {
          submit(worker, owned.get(worker), windows[worker], inFlight, toSubmit, schedule, errors,
              retries, measuredStart, deadline);
        } catch (IOException e) {
          failure.compareAndSet(null, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "load-" + w);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }

    // follow the committed blocks
    List<Long> latencies = new ArrayList<>(); // of the measured txs
    List<Long> rankMillis = new ArrayList<>();
    long linksCommitted = 0; // measured
    long committed = 0; // warm-up and measured (progress)
    long linksAll = 0; // the same
    long lastCommit = start;
    long height = startHeight;
    long rankHeight = -1;
    long windowHeight = -1; // the height when the measured window opened
    int followed = 0; // the node whose blocks are read: the first that answers
    long silentSince = -1; // when no node answered, since
    while (committed + errors.get() < settings.txs() && failure.get() == null) {
      if (System.nanoTime() > deadline) {
        break;
      }
      if (windowHeight < 0 && measuredStart.get() != Long.MAX_VALUE) {
        windowHeight = height; // blocks after this one count
      }
      expireLost(inFlight, windows, errors);
      long latest;
      try {
        LoadTargets.Answered<JsonNode> status = targets.call(followed, c -> c.getOk("/status"));
        followed = status.node();
        latest = status.value().at("/sync_info/latest_block_height").asLong();
        silentSince = -1;
      } catch (LoadClient.Refused e) {
        throw e;
      } catch (IOException e) {
        long now = System.nanoTime();
        silentSince = silentSince < 0 ? now : silentSince;
        if (now - silentSince >= NO_NODE_NANOS) {
          throw new IOException("no node answered for "
              + TimeUnit.NANOSECONDS.toSeconds(NO_NODE_NANOS) + " s: " + e.getMessage(), e);
        }
        Thread.sleep(200);
        continue;
      }
      if (latest <= height) { // nothing new, or the node followed now is behind the last
        Thread.sleep(20);
        continue;
      }
      for (long h = height + 1; h <= latest; h++) {
        LoadClient.Answer block;
        try {
          block = targets.client(followed).get("/block?height=" + h);
        } catch (IOException e) {
          break; // the next status call finds a node that answers
        }
        if (!block.ok()) {
          Thread.sleep(20); // e.g. rate limited: ask again shortly, not at once
          break;
        }
        JsonNode txs = block.body().at("/block/data/txs");
        long seen = System.nanoTime();
        for (JsonNode tx : txs) {
          String hash = HexFormat.of().formatHex(Hashes.sha256(Base64.getDecoder().decode(tx.asText())));
          Submitted s = inFlight.remove(hash);
          if (s != null) {
            committed++;
            linksAll += s.links();
            windows[s.worker()].release();
            if (s.measured()) {
              latencies.add(seen - s.startNanos());
              linksCommitted += s.links();
              lastCommit = seen;
            }
          }
        }
        height = h;
      }
      JsonNode last = rankParams(followed);
      if (last != null && !last.isNull() && last.get("height").asLong() != rankHeight) {
        rankHeight = last.get("height").asLong();
        rankMillis.add(last.get("compute_ms").asLong());
      }
      progress.printf("height %d: %d/%d txs committed, %d links%n", height, committed,
          settings.txs(), linksAll);
      progress.flush();
    }
    for (Thread t : threads) {
      t.interrupt();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    long lost = settings.txs() - committed - errors.get();
    JsonNode stats = targets.getOk(followed, "/graph/stats");
    long windowStart = Math.min(measuredStart.get(), lastCommit);
    return new LoadReport(
        linksCommitted,
        latencies.size(),
        (lastCommit - windowStart) / 1e9,
        percentileMillis(latencies, 50),
        percentileMillis(latencies, 99),
        errors.get() + lost,
        retries.get(),
        height - (windowHeight < 0 ? startHeight : windowHeight),
        stats.get("particles").asLong(),
        stats.get("links").asLong(),
        percentile(rankMillis, 50),
        rankMillis.stream().mapToLong(Long::longValue).max().orElse(0));
  }

  /** The last rank step the node reports, or null if it does not answer now. */
  private JsonNode rankParams(int node) throws InterruptedException {
    try {
      return targets.client(node).getOk("/rank/params").get("last");
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Drops as errors the txs in flight on a node that stopped answering {@link
   * #LOST_AFTER_NANOS} ago or more: still not committed, they died with its mempool. Their
   * accounts read their next sequence again before their next tx.
   */
  private void expireLost(Map<String, Submitted> inFlight, Semaphore[] windows, AtomicLong errors) {
    int lost = 0;
    for (Map.Entry<String, Submitted> e : inFlight.entrySet()) {
      Submitted s = e.getValue();
      if (targets.stoppedSince(s.node(), s.nodeTimesDown(), LOST_AFTER_NANOS)
          && inFlight.remove(e.getKey(), s)) {
        lost++;
        errors.incrementAndGet();
        windows[s.worker()].release();
        s.account().resync = true;
      }
    }
    if (lost > 0) {
      progress.printf("%d txs sent before their node stopped answering are not committed %d s"
          + " later: counted as errors%n", lost, TimeUnit.NANOSECONDS.toSeconds(LOST_AFTER_NANOS));
      progress.flush();
    }
  }

  /** One submitting thread: its accounts round-robin, at most its window of txs in flight. */
  private void submit(int worker, List<Account> accounts, Semaphore window,
      Map<String, Submitted> inFlight, AtomicInteger toSubmit, Schedule schedule,
      AtomicLong errors, AtomicLong retries, AtomicLong measuredStart, long deadline)
      throws IOException, InterruptedException {
    int next = 0;
    while (System.nanoTime() < deadline) {
      if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        continue;
      }
      Account a = null;
      long now = System.nanoTime();
      for (int i = 0; i < accounts.size() && a == null; i++) {
        Account candidate = accounts.get((next + i) % accounts.size());
        if (candidate.blockedUntil <= now && (candidate.retry != null || toSubmit.get() > 0)) {
          a = candidate;
          next = (next + i + 1) % accounts.size();
        }
      }
      if (a == null) {
        window.release();
        if (toSubmit.get() <= 0 && accounts.stream().noneMatch(x -> x.retry != null)) {
          return;
        }
        Thread.sleep(20);
        continue;
      }
      byte[] tx;
      int links;
      long startNanos;
      boolean measured;
      int remaining;
      if (a.retry != null) {
        tx = a.retry;
        links = a.retryLinks;
        measured = a.retryMeasured;
        startNanos = schedule.open() ? a.retryStart : System.nanoTime();
      } else if (a.resync && !resync(a)) {
        window.release();
        continue;
      } else if ((remaining = toSubmit.getAndDecrement()) > 0) {
        measured = settings.txs() - remaining >= settings.warmupTxs();
        startNanos = schedule.awaitNext(); // now, in a closed loop
        links = settings.linksPerTx();
        tx = linkTx(a, links);
      } else {
        window.release();
        continue;
      }
      if (measured) {
        measuredStart.accumulateAndGet(startNanos, Math::min);
      }
      String hash = HexFormat.of().formatHex(Hashes.sha256(tx));
      // in flight before it is sent: its block may be seen before the answer is
      inFlight.put(hash, new Submitted(startNanos, links, worker, measured, a, a.source,
          targets.timesDown(a.source)));
      LoadTargets.Answered<LoadClient.Answer> sent;
      try {
        byte[] signed = tx;
        sent = targets.call(a.source, node -> node.broadcast("/broadcast_tx_sync", signed));
      } catch (IOException e) { // no node answers now: send it again later
        inFlight.remove(hash);
        window.release();
        keepForRetry(a, tx, links, measured, startNanos);
        continue;
      }
      int node = sent.node();
      if (node != a.source) {
        inFlight.computeIfPresent(hash, (k, s) -> s.takenBy(node, targets.timesDown(node)));
      }
      LoadClient.Answer answer = sent.value();
      // 409: a node has it already: a send to a node that went down got through after all
      if (answer.ok() || answer.status() == 409) {
        a.retry = null;
        a.sequence++; // the tx (new or retried) carried the account's next sequence
        continue;
      }
      inFlight.remove(hash);
      window.release();
      switch (answer.code()) {
        // rate_limited: more txs per second than the node's rpc.max_requests_per_second allows
        // one client; back-pressure as well (raise the limit to measure the node beyond it)
        case "not_enough_bandwidth", "mempool_full", "rate_limited" -> {
          retries.incrementAndGet();
          keepForRetry(a, tx, links, measured, startNanos);
        }
        default -> {
          errors.incrementAndGet();
          progress.printf("refused: %s: %s%n", answer.code(), answer.message());
          progress.flush();
          a.retry = null;
          a.resync = true;
        }
      }
    }
  }

  /** Keeps a tx that was not taken to send again, after a pause, before any new one. */
  private static void keepForRetry(Account a, byte[] tx, int links, boolean measured,
      long startNanos) {
    a.retry = tx;
    a.retryLinks = links;
    a.retryMeasured = measured;
    a.retryStart = startNanos;
    a.blockedUntil = System.nanoTime() + BACKOFF_NANOS;
  }

  /**
   * Reads the account's next sequence (after what its node holds pending) from its node or the
   * next that answers; false if none answers now (the account pauses).
   */
  private boolean resync(Account a) throws InterruptedException {
    try {
      a.sequence = targets.getOk(a.source, "/account?address=" + Address.toBech32(a.key.address()))
          .get("next_sequence").asLong();
      a.resync = false;
      return true;
    } catch (IOException e) {
      a.blockedUntil = System.nanoTime() + BACKOFF_NANOS;
      return false;
    }
  }

  /** When the next new tx is due: at once in a closed loop, every 1/rate s in an open one. */
  private static final class Schedule {
    private final long start;
    private final double intervalNanos;
    private final AtomicLong issued = new AtomicLong();

    Schedule(long start, double txsPerSecond) {
      this.start = start;
      this.intervalNanos = txsPerSecond > 0 ? 1e9 / txsPerSecond : 0;
    }

    boolean open() {
      return intervalNanos > 0;
    }

    /** Waits until the next tx is due; returns the time it was due (now in a closed loop). */
    long awaitNext() throws InterruptedException {
      if (!open()) {
        return System.nanoTime();
      }
      long due = start + (long) (issued.getAndIncrement() * intervalNanos);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      return due;
    }
  }

  /** A tx of {@code links} links, each between two particles never linked before. */
  private byte[] linkTx(Account a, int links) {
    List<Link> list = new ArrayList<>(links);
    for (int i = 0; i < links; i++) {
      list.add(TxBuilder.link(newParticle(), newParticle()));
    }
    return TxBuilder.build(chainId, a.key, a.sequence, List.of(TxBuilder.cyberlink(list)), "");
  }

  /** A CIDv1 (raw, sha2-256) of this run's seed and a counter. */
  private String newParticle() {
    byte[] digest = Hashes.sha256(runSeed, ByteBuffer.allocate(8).putLong(particle.incrementAndGet()).array());
    byte[] key = new byte[4 + digest.length];
    key[0] = 0x01;
    key[1] = 0x55;
    key[2] = 0x12;
    key[3] = 0x20;
    System.arraycopy(digest, 0, key, 4, digest.length);
    return Cid.fromKey(key).text();
  }

  private static byte[] intBytes(int i) {
    return ByteBuffer.allocate(4).putInt(i).array();
  }

  private static long percentileMillis(List<Long> nanos, int p) {
    return percentile(nanos, p) / 1_000_000;
  }

  private static long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return 0;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
