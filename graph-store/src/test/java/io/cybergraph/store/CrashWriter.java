package io.cybergraph.store;

import java.nio.file.Path;

/**
 * A child process for {@link CrashRecoveryTest}: opens the store, regenerates the deterministic
 * history up to the stored height, then writes the following blocks, printing "wrote H" after
 * each write returns (so H is durable) and the next block is ready, until it is killed or
 * reaches the last height.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    long lastHeight = Long.parseLong(args[2]);
    try (ChainStore store = ChainStore.open(dir, CrashRecoveryTest.OPTIONS)) {
      History history = new History(seed, CrashRecoveryTest.PROFILE).skip((int) store.latestHeight());
      // the next block is made before the progress line, so the writer is inside write() (not
      // generating data) when the line arrives and the test kills it
      CommittedBlock next = history.next();
      System.out.println("ready " + store.latestHeight());
      System.out.flush();
      while (next != null) {
        store.write(next);
        long written = next.height();
        next = history.height < lastHeight ? history.next() : null;
        System.out.println("wrote " + written);
        System.out.flush();
      }
      System.out.println("done");
    }
  }
}
