package io.cybergraph.store;

import java.nio.file.Path;

/**
 * A child process for {@link CrashRecoveryTest}: opens the store, regenerates the deterministic
 * history up to the stored height, then writes the following blocks, printing "wrote H" after
 * each write returns (so H is durable) and the next block is ready, until it is killed or
 * reaches the last height. Each write waits for a line on stdin, so the test decides how many
 * blocks may be written before its kill: at most one past the last reported, however slowly
 * the test reads.
 *
 * <p>With a fourth argument {@code unsynced:N}, blocks are written as a catching-up node writes
 * them ({@link ChainStore#writeUnsynced}, the WAL synced every N blocks): "wrote H" then means
 * H is in the WAL, not yet fsynced.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) throws java.io.IOException {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    long lastHeight = Long.parseLong(args[2]);
    int syncEvery = args.length > 3 && args[3].startsWith("unsynced:")
        ? Integer.parseInt(args[3].substring("unsynced:".length())) : 0;
    try (ChainStore store = ChainStore.open(dir, CrashRecoveryTest.OPTIONS)) {
      History history = new History(seed, CrashRecoveryTest.PROFILE).skip((int) store.latestHeight());
      // the next block is made before the progress line, so the writer is inside write() (not
      // generating data) when the line arrives and the test kills it
      CommittedBlock next = history.next();
      System.out.println("ready " + store.latestHeight());
      System.out.flush();
      java.io.BufferedReader go =
          new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
      while (next != null) {
        if (go.readLine() == null) {
          break;
        }
        if (syncEvery > 0) {
          store.writeUnsynced(next);
          if (next.height() % syncEvery == 0) {
            store.syncWal();
          }
        } else {
          store.write(next);
        }
        long written = next.height();
        next = history.height < lastHeight ? history.next() : null;
        System.out.println("wrote " + written);
        System.out.flush();
      }
      System.out.println("done");
    }
  }
}
