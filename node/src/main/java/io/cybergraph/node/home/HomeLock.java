package io.cybergraph.node.home;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * <p>A process must not open this file while it holds the lock itself: closing any channel of
 * a file drops the process's locks on it (POSIX record locks). Homes locked by this JVM are
 * therefore answered from memory.
 */
public final class HomeLock implements AutoCloseable {
  public static final String FILE = "node.pid";

  /** How long a reader waits for a node that has just taken the lock to write its pid. */
  private static final long PID_WAIT_NANOS = 2_000_000_000L;

  private static final Set<Path> LOCKED_HERE = new HashSet<>();

  private final Path file;
  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private HomeLock(Path file, Path key, FileChannel channel, FileLock lock) {
    this.file = file;
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
        throw running(home, ProcessHandle.current().pid());
      }
      FileChannel channel = null;
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
          channel.close(); // not ours: closing it drops no lock of this process
          throw running(home, waitForPid(file).orElse(-1L));
        }
        long pid = ProcessHandle.current().pid();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(true);
        LOCKED_HERE.add(key);
        return new HomeLock(file, key, channel, lock);
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
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        FileLock probe = channel.tryLock();
        if (probe != null) {
          probe.release();
          return Optional.empty();
        }
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new HomeException("cannot read " + file + ": " + IoErrors.describe(e), e);
      }
    }
    return Optional.of(waitForPid(file).orElseThrow(() -> new HomeException(
        file + " is locked by a running process but names no pid")));
  }

  /**
   * Removes the file of a node that is not running (it ended without removing it: kill -9).
   * True when there was such a file; false when there is none or a node runs.
   */
  public static boolean clearStale(NodeHome home) {
    Path file = fileOf(home);
    synchronized (LOCKED_HERE) {
      if (LOCKED_HERE.contains(keyOf(home))) {
        return false;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          return false;
        }
        Files.delete(file); // under the lock: a node starting now gets a new file
        lock.release();
        return true;
      } catch (NoSuchFileException e) {
        return false;
      } catch (IOException e) {
        throw new HomeException("cannot remove " + file + ": " + IoErrors.describe(e), e);
      }
    }
  }

  /** Removes the file and drops the lock (a node stopping). */
  @Override
  public void close() {
    synchronized (LOCKED_HERE) {
      if (!channel.isOpen()) {
        return;
      }
      try {
        Files.deleteIfExists(file);
        lock.release();
      } catch (IOException e) {
        // the lock goes with the channel below, and a leftover file is stale, not locked
      } finally {
        closeQuietly(channel);
        LOCKED_HERE.remove(key);
      }
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

  /** The pid in the file, waiting a little for a node that has just taken the lock. */
  private static Optional<Long> waitForPid(Path file) {
    long deadline = System.nanoTime() + PID_WAIT_NANOS;
    while (true) {
      try {
        return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII)
            .strip()));
      } catch (IOException | NumberFormatException e) {
        if (System.nanoTime() - deadline > 0) {
          return Optional.empty();
        }
      }
      try {
        Thread.sleep(20); // the holder writes right after locking: no event to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private static HomeException running(NodeHome home, long pid) {
    return new HomeException("a node is already running on " + home
        + (pid > 0 ? " (pid " + pid + ")" : "") + "; stop it first");
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
