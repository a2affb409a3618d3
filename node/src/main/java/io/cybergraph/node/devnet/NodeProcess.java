package io.cybergraph.node.devnet;

import io.cybergraph.node.home.HomeLock;
import io.cybergraph.node.home.NodeHome;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A node of a devnet run as a local process: started detached (its own session, no terminal,
 * so a Ctrl-C in the shell that started it does not reach it), output appended to {@code
 * HOME/node.log}, temporary files in {@code HOME/tmp}. Whether it runs, and its pid, come from
 * {@code HOME/node.pid}, which the node itself locks for its life ({@link HomeLock}): a node
 * started by hand on the home is seen too, and a file left by a killed node is known stale.
 */
public final class NodeProcess {

  public static final String PID_FILE = HomeLock.FILE;
  public static final String LOG_FILE = "node.log";

  /** A node writes about a line per block (~17 MB a day): logs past this move aside at start. */
  public static final long LOG_ROTATE_BYTES = 64L << 20;

  /** How much of the log's end {@link #lastLogLine} reads: far more than a line. */
  static final int LOG_TAIL_BYTES = 64 << 10;

  /** util-linux's setsid: runs the command in a new session; absent elsewhere. */
  private static final List<Path> SETSID =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
  private static final File NULL_INPUT = new File("/dev/null");

  private final NodeHome home;

  public NodeProcess(NodeHome home) {
    this.home = home;
  }

  public NodeHome home() {
    return home;
  }

  public Path pidFile() {
    return home.root().resolve(PID_FILE);
  }

  public Path logFile() {
    return home.root().resolve(LOG_FILE);
  }

  public Path tmpDir() {
    return home.tmpDir();
  }

  /** The live process of the node running on this home, if one runs. */
  public Optional<ProcessHandle> running() {
    return HomeLock.holder(home).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
  }

  /**
   * Waits until {@code process} holds this home's lock (true), or it ends or the timeout passes
   * (false): a started node is seen by {@link #running} only from then on.
   */
  public boolean awaitRunning(Process process, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (process.isAlive()) {
      if (running().map(p -> p.pid() == process.pid()).orElse(false)) {
        return true;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      process.waitFor(50, TimeUnit.MILLISECONDS); // the node locks as it starts: poll the file
    }
    return false;
  }

  /** Empties the pid file a killed node left; true if it named one. */
  public boolean clearStale() {
    return HomeLock.clearStale(home);
  }

  /**
   * Starts {@code command} (the node of this home) detached, appending its output to the log;
   * a log past {@link #LOG_ROTATE_BYTES} is first moved to {@code node.log.1} (replacing it).
   */
  public Process start(List<String> command) throws IOException {
    Files.createDirectories(tmpDir());
    if (Files.exists(logFile()) && Files.size(logFile()) > LOG_ROTATE_BYTES) {
      Files.move(logFile(), logFile().resolveSibling(LOG_FILE + ".1"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> full = new ArrayList<>();
    SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(p -> full.add(p.toString()));
    full.addAll(command);
    return new ProcessBuilder(full)
        .directory(home.root().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(NULL_INPUT))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
        .redirectErrorStream(true)
        .start();
  }

  /**
   * The last non-blank line of the log, or "" (for reporting why a node stopped). Only the log's
   * last {@link #LOG_TAIL_BYTES} are read: a log grows without bound between rotations.
   */
  public String lastLogLine() {
    try (RandomAccessFile log = new RandomAccessFile(logFile().toFile(), "r")) {
      long length = log.length();
      byte[] tail = new byte[(int) Math.min(length, LOG_TAIL_BYTES)];
      log.seek(length - tail.length);
      log.readFully(tail);
      String[] lines = new String(tail, StandardCharsets.UTF_8).split("\\R");
      for (int i = lines.length - 1; i >= 0; i--) {
        if (!lines[i].isBlank()) {
          return lines[i].strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // no log or not text: nothing to quote
    }
    return "";
  }
}
