package io.cybergraph.node.devnet;

import io.cybergraph.node.home.HomeLock;
import io.cybergraph.node.home.NodeHome;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The process of {@link ChildProcesses}: {@code LockingChild HOME obeys|ignores}. */
public final class LockingChild {
  private LockingChild() {}

  public static void main(String[] args) throws InterruptedException {
    NodeHome home = new NodeHome(Path.of(args[0]));
    HomeLock lock = HomeLock.acquire(home);
    boolean stubborn = args[1].equals("ignores");
    CountDownLatch never = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (stubborn) {
        awaitQuietly(never); // SIGTERM runs this hook, which never ends: only SIGKILL stops us
      }
      lock.close();
    }));
    System.out.println((stubborn ? "stubborn child of " : "child of ") + home.root()
        + (stubborn ? "" : " started"));
    System.out.flush();
    never.await();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
