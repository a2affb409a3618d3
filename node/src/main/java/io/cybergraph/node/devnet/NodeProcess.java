package io.cybergraph.node.devnet;

import io.cybergraph.node.home.HomeException;
import io.cybergraph.node.home.NodeHome;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A node of a devnet run as a local process: started detached (its own session, no terminal,
 * so a Ctrl-C in the shell that started it does not reach it), output appended to {@code
 * HOME/node.log}, its pid in {@code HOME/node.pid}, temporary files in {@code HOME/tmp}.
 *
 * <p>A pid file names this node's process only while that process lives and its command line
 * names this home; otherwise it is stale (the node ended, or the pid was reused).
 */
public final class NodeProcess {

  public static final String PID_FILE = "node.pid";
  public static final String LOG_FILE = "node.log";
  public static final String TMP_DIR = "tmp";

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
    return home.root().resolve(TMP_DIR);
  }

  /** The pid in the pid file, if there is one; {@link HomeException} when it is not a number. */
  public Optional<Long> recordedPid() {
    String text;
    try {
      text = Files.readString(pidFile(), StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new HomeException("cannot read " + pidFile() + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new HomeException(pidFile() + ": not a process id: '" + text + "'");
    }
  }

  /** The live process of this node, if its pid file names one. */
  public Optional<ProcessHandle> running() {
    return recordedPid().flatMap(ProcessHandle::of).filter(this::isThisNode);
  }

  /** Alive and started for this home (when the system tells the command line). */
  private boolean isThisNode(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Optional<String[]> arguments = process.info().arguments();
    return arguments.isEmpty()
        || Arrays.asList(arguments.get()).contains(home.root().toString());
  }

  /**
   * Starts {@code command} detached, appending its output to the log, and records its pid.
   * The command should name this home (e.g. {@code --home HOME}) so that {@link #running}
   * recognises it.
   */
  public Process start(List<String> command) throws IOException {
    Files.createDirectories(tmpDir());
    List<String> full = new ArrayList<>();
    SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(p -> full.add(p.toString()));
    full.addAll(command);
    Process process = new ProcessBuilder(full)
        .directory(home.root().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(NULL_INPUT))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
        .redirectErrorStream(true)
        .start();
    try {
      writePid(process.pid());
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly(); // an unrecorded node could not be stopped by down
      throw e;
    }
    return process;
  }

  /** Removes the pid file (after the process ended). */
  public void clearPid() throws IOException {
    Files.deleteIfExists(pidFile());
  }

  /** The last non-blank line of the log, or "" (for reporting why a node stopped). */
  public String lastLogLine() {
    try {
      List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // no log or not text: nothing to quote
    }
    return "";
  }

  private void writePid(long pid) throws IOException {
    Path tmp = home.root().resolve(PID_FILE + ".tmp");
    Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, pidFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
