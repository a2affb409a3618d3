package io.cybergraph.node.cli;

import io.cybergraph.node.devnet.TestnetLayout;
import io.cybergraph.node.devnet.TestnetNode;
import io.cybergraph.node.devnet.TestnetWriter;
import io.cybergraph.proto.crypto.Address;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cyber testnet}: the homes of a new multi-node chain in one folder, ready for {@code
 * cyber devnet up} (all on 127.0.0.1) or for containers ({@code --hostnames}).
 */
@Command(
    name = "testnet",
    mixinStandardHelpOptions = true,
    description = {
      "Write the homes of a new testnet (node0, node1, ... in --output): keys, one genesis with"
          + " the validators at equal power, and config.toml with every other node as a"
          + " persistent peer.",
      "Without --hostnames every node listens on 127.0.0.1: node i has p2p P+10i, RPC P+10i+1"
          + " and metrics P+10i+2. With --hostnames every node listens on 0.0.0.0 with the"
          + " standard ports 26656, 26657 and 26660 and is dialled by its host name."
    })
final class TestnetCommand extends CliCommand {

  @Option(names = "--validators", required = true, paramLabel = "N",
      description = "Number of validators (each with a funded account key 'validator').")
  int validators;

  @Option(names = "--full-nodes", paramLabel = "M", defaultValue = "0",
      description = "Number of full nodes (no validator key; default: ${DEFAULT-VALUE}).")
  int fullNodes;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder for the homes; must be absent or empty.")
  Path output;

  @Option(names = "--base-port", paramLabel = "P",
      description = "First port of the 127.0.0.1 layout (default: "
          + TestnetLayout.DEFAULT_BASE_PORT + ").")
  Integer basePort;

  @Option(names = "--hostnames", paramLabel = "HOST", split = ",",
      description = "One host name per node, validators first (containers: listen on 0.0.0.0"
          + " with standard ports).")
  List<String> hostnames;

  @Option(names = "--chain-id", paramLabel = "ID", defaultValue = "cyber-devnet",
      description = "Chain ID (default: ${DEFAULT-VALUE}).")
  String chainId;

  @Option(names = "--genesis-time", paramLabel = "RFC3339",
      description = "Genesis time, e.g. 2026-01-01T00:00:00Z (default: now).")
  String genesisTime;

  @Override
  protected void execute() {
    TestnetLayout layout = layout();
    String time = genesisTime != null
        ? genesisTime
        : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    TestnetWriter.Testnet testnet;
    try {
      testnet = new TestnetWriter(layout, chainId, time, new SecureRandom()).write(output);
    } catch (IOException e) {
      throw CliException.badInput("cannot write " + output + ": " + io.cybergraph.node.home.IoErrors.describe(e));
    }
    report(testnet);
  }

  private TestnetLayout layout() {
    try {
      if (hostnames == null) {
        int base = basePort == null ? TestnetLayout.DEFAULT_BASE_PORT : basePort;
        return TestnetLayout.local(validators, fullNodes, base);
      }
      if (basePort != null) {
        throw CliException.badInput("--base-port and --hostnames exclude each other: with host"
            + " names every node uses the standard ports");
      }
      return TestnetLayout.containers(validators, fullNodes, hostnames);
    } catch (IllegalArgumentException e) {
      throw CliException.badInput(e.getMessage());
    }
  }

  private void report(TestnetWriter.Testnet testnet) {
    int count = testnet.nodes().size();
    int validatorCount = testnet.genesis().validators().size();
    out().println("wrote " + count + " home" + (count == 1 ? "" : "s") + " in "
        + output.toAbsolutePath().normalize() + " for chain " + testnet.genesis().chainId()
        + " (" + validatorCount + " validator" + (validatorCount == 1 ? "" : "s") + ", "
        + (count - validatorCount) + " full node" + (count - validatorCount == 1 ? "" : "s")
        + ")");
    out().println("  genesis hash " + HexFormat.of().formatHex(testnet.genesis().hash()));
    for (TestnetWriter.WrittenNode written : testnet.nodes()) {
      TestnetNode node = written.node();
      String name = node.moniker().equals(node.folder())
          ? node.folder()
          : node.folder() + " (" + node.moniker() + ")";
      StringBuilder line = new StringBuilder(String.format("  %-9s %-9s id %s  p2p %s  rpc %s"
              + "  metrics %s", name, node.validator() ? "validator" : "full node",
          written.nodeId(), node.p2pLaddr(), node.rpcLaddr(), node.metricsLaddr()));
      if (node.validator()) {
        line.append("  account ")
            .append(Address.toBech32(written.keys().accountKey().address()));
      }
      out().println(line);
    }
    if (hostnames == null) {
      out().println("start them with: cyber devnet up --dir " + output);
    }
  }
}
