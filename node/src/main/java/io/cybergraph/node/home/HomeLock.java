package io.cybergraph.node.home;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code HOME/node.pid}: the pid of the node running on a home, locked by that node for its
 * whole life. The lock, not the number, says whether a node runs: the system drops it when the
 * process ends however it ends (kill -9 included), so a stale file, a reused pid, another
 * spelling of the home's path or a node started by hand are all told apart correctly.
 *
 * <p>How: the node holds an exclusive lock on one byte far past the pid text (so the text stays
 * readable where locks are mandatory, as on Windows); others probe it with a shared lock, which
 * needs only read access. The file is never deleted, only emptied when a node stops: a process
 * that opened it just before a deletion could lock a file nobody else sees. Locks are brief
 * under contention (a probe holds one for microseconds), so the node's lock retries for a
 * moment, and a probe believes a lock it finds twice.
 *
 * <p>A process must not open this file while it holds the lock itself: closing any channel of
 * a file drops the process's locks on it (POSIX record locks). Homes locked by this JVM are
 * therefore answered from memory.
 */
public final class HomeLock implements AutoCloseable {
  public static final String FILE = "node.pid";

  private static final long LOCK_POSITION = Long.MAX_VALUE - 1;
  private static final long RETRY_NANOS = 1_000_000_000L;
  /** How long a reader waits for a node that has just taken the lock to write its pid. */
  private static final long PID_WAIT_NANOS = 2_000_000_000L;

  private static final Set<Path> LOCKED_HERE = new HashSet<>();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private HomeLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code home} and writes this process's pid into it.
   *
   * @throws HomeException if a node already runs on this home (naming its pid), or the file
   *     cannot be written
   */
  public static HomeLock acquire(NodeHome home) {
    Path file = fileOf(home);
    Path key = keyOf(home);
    synchronized (LOCKED_HERE) {
      if (LOCKED_HERE.contains(key)) {
        throw running(home, Optional.of(ProcessHandle.current().pid()));
      }
      FileChannel channel = null;
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        FileLock lock = lockExclusive(channel);
        if (lock == null) {
          Optional<Long> pid = readPid(channel);
          channel.close(); // not ours: closing it drops no lock of this process
          throw running(home, pid);
        }
        long pid = ProcessHandle.current().pid();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(true);
        LOCKED_HERE.add(key);
        return new HomeLock(key, channel, lock);
      } catch (IOException e) {
        closeQuietly(channel);
        throw new HomeException("cannot lock " + file + ": " + IoErrors.describe(e), e);
      }
    }
  }

  /** The pid of the node running on {@code home}, or empty when none runs. */
  public static Optional<Long> holder(NodeHome home) {
    Path file = fileOf(home);
    synchronized (LOCKED_HERE) {
      if (LOCKED_HERE.contains(keyOf(home))) {
        return Optional.of(ProcessHandle.current().pid());
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        long deadline = System.nanoTime() + PID_WAIT_NANOS;
        boolean seenLocked = false;
        while (true) {
          FileLock probe = tryLock(channel, true);
          if (probe != null) {
            probe.release();
            return Optional.empty();
          }
          Optional<Long> pid = readPid(channel);
          // locked twice in a row: a node, not another process's probe or clearing
          if (pid.isPresent() && seenLocked) {
            return pid;
          }
          seenLocked = true;
          if (System.nanoTime() - deadline > 0) { // locked, yet no pid: not one of our nodes
            throw new HomeException(file + " is locked by a process that wrote no pid in it");
          }
          pause(); // a node writes its pid right after locking: no event to wait on
        }
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new HomeException("cannot read " + file + ": " + IoErrors.describe(e), e);
      }
    }
  }

  /**
   * Empties the file of a node that is not running (it ended without emptying it: kill -9).
   * True when there was such a pid to clear; false when there is none or a node runs.
   */
  public static boolean clearStale(NodeHome home) {
    Path file = fileOf(home);
    synchronized (LOCKED_HERE) {
      if (LOCKED_HERE.contains(keyOf(home))) {
        return false;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        FileLock lock = lockExclusive(channel);
        if (lock == null) {
          return false;
        }
        boolean stale = channel.size() > 0;
        channel.truncate(0);
        lock.release();
        return stale;
      } catch (NoSuchFileException e) {
        return false;
      } catch (IOException e) {
        throw new HomeException("cannot clear " + file + ": " + IoErrors.describe(e), e);
      }
    }
  }

  /** Empties the file and drops the lock (a node stopping). */
  @Override
  public void close() {
    synchronized (LOCKED_HERE) {
      if (!channel.isOpen()) {
        return;
      }
      try {
        channel.truncate(0);
        lock.release();
      } catch (IOException e) {
        // the lock goes with the channel below; a pid left behind is stale, not locked
      } finally {
        closeQuietly(channel);
        LOCKED_HERE.remove(key);
      }
    }
  }

  /** The lock byte, exclusive or shared, or null if another process holds it now. */
  private static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
    try {
      return channel.tryLock(LOCK_POSITION, 1, shared);
    } catch (OverlappingFileLockException e) {
      return null; // another channel of this JVM (guarded against above)
    }
  }

  /** The exclusive lock byte, retrying for a moment: a probe holds it for microseconds. */
  private static FileLock lockExclusive(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + RETRY_NANOS;
    while (true) {
      FileLock lock = tryLock(channel, false);
      if (lock != null || System.nanoTime() - deadline > 0) {
        return lock;
      }
      pause();
    }
  }

  private static Optional<Long> readPid(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(32);
    channel.read(buffer, 0);
    try {
      return Optional.of(Long.parseLong(
          new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip()));
    } catch (NumberFormatException e) {
      return Optional.empty(); // empty (no node, or one writing it) or not a pid
    }
  }

  private static Path fileOf(NodeHome home) {
    return home.root().resolve(FILE);
  }

  /** One key per folder however its path is spelt (links, relative paths). */
  private static Path keyOf(NodeHome home) {
    try {
      return home.root().toRealPath();
    } catch (IOException e) {
      return home.root().toAbsolutePath().normalize();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static HomeException running(NodeHome home, Optional<Long> pid) {
    return new HomeException("a node is already running on " + home
        + pid.map(p -> " (pid " + p + ")").orElse("") + "; stop it first");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to release
      }
    }
  }
}
