package io.cybergraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer JVM killed with SIGKILL while it writes blocks: the reopened store holds exactly the
 * blocks up to some complete height (at least the last one the writer reported), with every
 * index consistent and nothing of the next block; then a new writer continues from there.
 */
class CrashRecoveryTest {
  static final StoreOptions OPTIONS = new StoreOptions(32L << 20, 16L << 20);
  static final History.Profile PROFILE = new History.Profile(30, 1200, 0, 0, 2);
  private static final long SEED = 2026;
  private static final long DEADLINE_SECONDS = 120;

  @TempDir Path dir;

  @Test
  void killedWriterReopensAtTheLastCompleteBlock() throws Exception {
    killAndReopen(null);
  }

  /**
   * The same with blocks written as a catching-up node writes them: no fsync per block, the WAL
   * synced every 3 blocks. A killed process loses nothing the OS was given, so the same holds:
   * every reported block is there, whole, with its indices.
   */
  @Test
  void killedUnsyncedWriterKeepsEveryWrittenBlock() throws Exception {
    killAndReopen("unsynced:3");
  }

  private void killAndReopen(String mode) throws Exception {
    Path db = dir.resolve("db");
    // how many "wrote" lines each round waits for before the kill (0: during the first write),
    // and how long after that line: the writer is then inside the next block's write
    int[] killAfter = {2, 0, 3, 1, 2};
    int[] killDelayMillis = {0, 2, 5, 10, 20};
    int completedInFlight = 0;
    long reported = 0;
    for (int round = 0; round < killAfter.length; round++) {
      long started = System.nanoTime();
      reported =
          Math.max(reported, runAndKill(db, round, killAfter[round], killDelayMillis[round], mode));
      long killed = System.nanoTime();
      try (ChainStore store = ChainStore.open(db, OPTIONS)) {
        long h = store.latestHeight();
        System.out.printf(
            "round %d: writer reported height %d, killed after %d ms; reopened at %d (%d links)%n",
            round, reported, (killed - started) / 1_000_000, h, store.linkCount());
        assertTrue(h >= reported, "height " + h + " keeps the reported height " + reported);
        assertTrue(h <= reported + 1, "height " + h + " is at most one block past " + reported);
        History model = new History(SEED, PROFILE).skip((int) h);
        StoreModelCheck.assertNothingOf(store, new History(SEED, PROFILE).skip((int) h).next());
        if (round == killAfter.length - 1) {
          StoreModelCheck.assertMatches(store, model);
        } else {
          StoreModelCheck.assertLatestBlockIndexed(store, model);
        }
        completedInFlight += h > reported ? 1 : 0;
        reported = h;
      }
      System.out.printf("round %d checked in %d ms%n", round, (System.nanoTime() - killed) / 1_000_000);
    }
    System.out.printf(
        "%d of %d kills came after the in-flight block was durable%n", completedInFlight, killAfter.length);
  }

  /**
   * Starts a writer and kills it {@code delayMillis} after its {@code lines}-th progress line;
   * returns the last height it reported.
   */
  /** Lets the writer start its next block write (it writes nothing more until told again). */
  private static void allowOneWrite(java.io.Writer go) throws java.io.IOException {
    go.write("go\n");
    go.flush();
  }

  private long runAndKill(Path db, int round, int lines, int delayMillis, String mode)
      throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp-" + round));
    Path err = dir.resolve("writer-" + round + ".err");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(
        java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1",
        "-Djava.io.tmpdir=" + tmp,
        "-cp", System.getProperty("java.class.path"),
        CrashWriter.class.getName(), db.toString(), Long.toString(SEED), "100000"));
    if (mode != null) {
      command.add(mode);
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
    Process process = pb.start();
    BlockingQueue<String> out = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> readLines(process, out), "writer-" + round + "-stdout");
    reader.setDaemon(true);
    reader.start();
    long reported = -1;
    int wrote = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    java.io.Writer go = new java.io.OutputStreamWriter(process.getOutputStream());
    try {
      while (wrote < lines || reported < 0) {
        String line = out.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          fail("writer gave no progress in time; stderr:\n" + Files.readString(err));
        }
        if (line.startsWith("ready ")) {
          reported = Long.parseLong(line.substring(6));
          allowOneWrite(go);
        } else if (line.startsWith("wrote ")) {
          reported = Long.parseLong(line.substring(6));
          wrote++;
          allowOneWrite(go);
        } else if (line.equals("EOF")) {
          fail("writer exited early; stderr:\n" + Files.readString(err));
        }
      }
      // not waiting for a condition: the delay picks the moment of the kill inside the write
      Thread.sleep(delayMillis);
    } finally {
      process.destroyForcibly(); // SIGKILL: no shutdown hooks, no RocksDB close
      assertTrue(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS), "writer died");
    }
    assertEquals(137, process.exitValue(), "killed by SIGKILL");
    // lines printed before the kill but not read yet also count as reported
    for (String line = out.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
        line != null && !line.equals("EOF");
        line = out.poll(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      if (line.startsWith("wrote ")) {
        reported = Long.parseLong(line.substring(6));
      }
    }
    return reported;
  }

  private static void readLines(Process process, BlockingQueue<String> out) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add(line);
      }
    } catch (IOException e) {
      // the process was killed: its pipe closes
    }
    out.add("EOF");
  }
}
