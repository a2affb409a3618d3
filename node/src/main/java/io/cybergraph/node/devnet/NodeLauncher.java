package io.cybergraph.node.devnet;

import io.cybergraph.node.home.NodeHome;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of a devnet node: this JVM's {@code java} running the cyber jar's {@code
 * start --home HOME}, with a small heap, the serial collector and one processor (several nodes
 * share one machine), and its own temporary folder (RocksDB unpacks its native library there
 * at every start).
 */
public final class NodeLauncher {

  /**
   * JVM flags of every devnet node, before the temporary folder. 1 GiB of heap: with 384 MiB a
   * validator under `cyber bench load` ran out of heap in the rank computation at 600k particles
   * and halted.
   */
  public static final List<String> JVM_FLAGS =
      List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1");

  private final Path jar;

  public NodeLauncher(Path jar) {
    this.jar = jar.toAbsolutePath().normalize();
  }

  public Path jar() {
    return jar;
  }

  /** The jar a class was loaded from, if it was loaded from a jar file. */
  public static Optional<Path> jarOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(path) && path.toString().endsWith(".jar")
          ? Optional.of(path)
          : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code java FLAGS -Djava.io.tmpdir=HOME/tmp -jar JAR start --home HOME}. */
  public List<String> command(NodeHome home) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-Djava.io.tmpdir=" + home.tmpDir());
    command.add("-jar");
    command.add(jar.toString());
    command.add("start");
    command.add("--home");
    command.add(home.root().toString());
    return command;
  }
}
