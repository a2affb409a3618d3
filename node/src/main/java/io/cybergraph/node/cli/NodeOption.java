package io.cybergraph.node.cli;

import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import picocli.CommandLine.Option;

/**
 * {@code --node URL}: the node's RPC address. Default: {@code rpc.laddr} of the home's
 * config.toml (a wildcard listen address is reached on 127.0.0.1), else {@code
 * http://127.0.0.1:26657}.
 */
final class NodeOption {

  static final String DEFAULT_NODE = "http://127.0.0.1:26657";

  @Option(
      names = "--node",
      paramLabel = "URL",
      description = "Node RPC URL (default: rpc.laddr of the home's config.toml, else "
          + DEFAULT_NODE + ").")
  String node;

  URI uri(NodeHome home) {
    String text = node != null ? node : fromHome(home);
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw CliException.badInput("--node: not a URL: " + text);
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawQuery() != null) {
      throw CliException.badInput("--node: expected http://HOST:PORT, got " + text);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return URI.create("http://" + uri.getRawAuthority() + path.replaceAll("/+$", ""));
  }

  private static String fromHome(NodeHome home) {
    if (!Files.exists(home.configToml())) {
      return DEFAULT_NODE;
    }
    NodeConfig config = ConfigLoader.load(home.configToml());
    HostPort laddr = HostPort.parse(config.rpc.laddr);
    String host = laddr.host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + new HostPort(host, laddr.port());
  }
}
