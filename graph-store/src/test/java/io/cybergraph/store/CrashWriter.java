package io.cybergraph.store;

import java.nio.file.Path;

/**
 * A child process for {@link CrashRecoveryTest}: opens the store, regenerates the deterministic
 * history up to the stored height, then writes the following blocks, printing "wrote H" after
 * each write returns (so H is durable), until it is killed or reaches the last height.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    long lastHeight = Long.parseLong(args[2]);
    try (ChainStore store = ChainStore.open(dir, CrashRecoveryTest.OPTIONS, TestLeaf.INSTANCE)) {
      History history = new History(seed, CrashRecoveryTest.PROFILE).skip((int) store.latestHeight());
      System.out.println("ready " + store.latestHeight());
      System.out.flush();
      while (history.height < lastHeight) {
        store.write(history.next());
        System.out.println("wrote " + store.latestHeight());
        System.out.flush();
      }
      System.out.println("done");
    }
  }
}
