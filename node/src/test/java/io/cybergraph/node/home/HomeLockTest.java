package io.cybergraph.node.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home lock within one JVM (other processes: NodeProcessTest, DevnetCommandTest). */
class HomeLockTest {
  @TempDir Path dir;

  @Test
  void oneNodePerHomeAndItsPidGoesWithIt() throws Exception {
    NodeHome home = new NodeHome(dir);
    long me = ProcessHandle.current().pid();
    assertEquals(Optional.empty(), HomeLock.holder(home));
    try (HomeLock lock = HomeLock.acquire(home)) {
      assertEquals(me + "\n", Files.readString(dir.resolve(HomeLock.FILE)));
      assertEquals(Optional.of(me), HomeLock.holder(home));
      NodeHome relative = new NodeHome(Path.of("").toAbsolutePath().relativize(dir));
      HomeException e = assertThrows(HomeException.class, () -> HomeLock.acquire(relative));
      assertTrue(e.getMessage().endsWith("(pid " + me + "); stop it first"), e.getMessage());
      assertFalse(HomeLock.clearStale(home));
      assertEquals(Optional.of(me), HomeLock.holder(home), "asking did not drop the lock");
    }
    assertEquals("", Files.readString(dir.resolve(HomeLock.FILE)), "emptied, never deleted");
    assertEquals(Optional.empty(), HomeLock.holder(home));
    HomeLock.acquire(home).close(); // free again
  }
}
