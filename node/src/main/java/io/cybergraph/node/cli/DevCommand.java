package io.cybergraph.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybergraph.node.home.CappedFile;
import io.cybergraph.node.home.HomeLock;
import io.cybergraph.node.home.IoErrors;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.StoredKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cyber dev}: a one-validator devnode in one command. Initialises {@code ./.cyber-dev}
 * (as {@code cyber init}) when it has no genesis yet, then starts it, printing the RPC URL, the
 * funded key's name and an example transaction.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = "Run a one-validator devnode in ./.cyber-dev (initialised on first use).")
final class DevCommand extends CliCommand {
  static final String DEFAULT_HOME = ".cyber-dev";
  static final String CHAIN_ID = "cyber-dev-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--home", paramLabel = "DIR",
      description = "Devnode home (default: ./" + DEFAULT_HOME + ").")
  Path home = Path.of(DEFAULT_HOME);

  @Option(names = "--reset", description = "Delete the devnode's home first (a fresh chain).")
  boolean reset;

  @Override
  protected void execute() {
    NodeHome nodeHome = new NodeHome(home);
    if (reset) {
      delete(nodeHome);
    }
    if (!Files.exists(nodeHome.genesisJson())) {
      int code = new CommandLine(new InitCommand())
          .setOut(out())
          .setErr(err())
          .execute("--home", nodeHome.root().toString(), "--chain-id", CHAIN_ID, "--moniker", "dev");
      if (code != 0) {
        throw new CliException(code, "cannot initialise the devnode home " + nodeHome);
      }
    }
    String homeArg = displayHome(nodeHome);
    NodeRunner.requireHome(nodeHome);
    // before the node starts: a home without it (a full node's) failed once the node ran
    StoredKey key = nodeHome.keyring().get(InitCommand.ACCOUNT_KEY);
    NodeRunner.run(nodeHome, out(), (service, url) -> {
      out().println();
      out().println("cyber devnode running");
      out().println("  RPC       " + url);
      String metrics = StartCommand.metricsUrl(service);
      if (!metrics.isEmpty()) {
        out().println("  metrics   " + metrics);
      }
      out().println("  home      " + homeArg);
      out().println("  funded    key '" + key.name() + "' = " + key.address());
      out().println("  try       ./cyber tx link QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"
          + " bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku --from "
          + key.name() + " --home " + homeArg + " --commit");
      out().println("  stop      Ctrl-C (the chain is kept; --reset starts a new one)");
      out().println();
      out().flush();
    });
  }

  /** The home as the user typed it, relative ones as {@code ./DIR} (shell-ready). */
  private String displayHome(NodeHome nodeHome) {
    if (home.isAbsolute()) {
      return nodeHome.toString();
    }
    String relative = home.normalize().toString();
    return relative.startsWith("../") || relative.startsWith("./") ? relative : "./" + relative;
  }

  /**
   * Deletes a devnode home: refuses a folder that is not empty and not a node home, a home of
   * any chain but the devnode's (a validator's keys and data are not a devnode's to delete), and
   * a home whose node runs (it would go on writing its signer state into the new home, which
   * then halts at its first block).
   */
  private static void delete(NodeHome home) {
    Path root = home.root();
    if (!Files.exists(root)) {
      return;
    }
    HomeLock.holder(home).ifPresent(pid -> {
      throw CliException.badInput("--reset: a node is running on " + root + " (pid " + pid
          + "); stop it first");
    });
    try (Stream<Path> entries = Files.list(root)) {
      if (entries.findAny().isPresent() && !Files.exists(home.genesisJson())) {
        throw CliException.badInput(
            "--reset: " + root + " is not a node home (no config/genesis.json); not deleting it");
      }
    } catch (IOException e) {
      throw CliException.failure("cannot read " + root + ": " + IoErrors.describe(e));
    }
    if (Files.exists(home.genesisJson())) {
      String chainId = chainIdOf(home.genesisJson());
      if (!CHAIN_ID.equals(chainId)) {
        throw CliException.badInput("--reset: " + root + " is a home of chain " + chainId
            + ", not a devnode (" + CHAIN_ID + "); not deleting it");
      }
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw CliException.failure("cannot delete " + root + ": " + e.getMessage());
    }
  }

  /** The genesis' chain_id, or a description of why it has none ("an unreadable genesis"). */
  private static String chainIdOf(Path genesis) {
    byte[] bytes;
    try {
      bytes = CappedFile.read(genesis, CappedFile.GENESIS_MAX);
    } catch (IOException e) {
      return "(unknown: " + genesis + ": " + IoErrors.describe(e) + ")";
    }
    try {
      JsonNode id = JSON.readTree(bytes).path("chain_id");
      return id.isTextual() ? id.asText() : "(unknown: " + genesis + " has no chain_id)";
    } catch (IOException e) {
      return "(unknown: " + genesis + " is not valid JSON)";
    }
  }
}
