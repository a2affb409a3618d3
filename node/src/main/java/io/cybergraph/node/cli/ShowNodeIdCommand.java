package io.cybergraph.node.cli;

import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import io.cybergraph.proto.crypto.KeyPair;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code cyber show-node-id}: prints the node ID of the home's {@code config/node_key.json}, the
 * {@code ID} others put in {@code ID@HOST:PORT} to connect to this node.
 */
@Command(
    name = "show-node-id",
    mixinStandardHelpOptions = true,
    description = "Print this node's p2p ID (from config/node_key.json).")
final class ShowNodeIdCommand extends CliCommand {

  @Mixin HomeOption homeOption;

  @Override
  protected void execute() {
    NodeHome home = homeOption.home();
    if (!Files.exists(home.nodeKeyJson())) {
      throw CliException.badInput("no node key in " + home + " (" + home.nodeKeyJson()
          + " does not exist; run 'cyber init' first)");
    }
    KeyPair key = NodeKeyFile.read(home.nodeKeyJson());
    out().println(NodeKeyFile.nodeId(key.publicKey()));
  }
}
