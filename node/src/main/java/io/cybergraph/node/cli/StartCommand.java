package io.cybergraph.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cyber start}: runs the node of a home (made by {@code cyber init}) until SIGTERM or
 * Ctrl-C: RPC, metrics, π* every block, and blocks every {@code consensus.timeout_commit_ms}
 * when this node's validator holds more than 2/3 of the power.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Run the node: load config.toml and genesis.json, replay the stored chain,"
        + " serve RPC and metrics, make blocks. Stops cleanly on SIGTERM or Ctrl-C.")
final class StartCommand extends CliCommand {

  @Mixin HomeOption homeOption;

  /** Test only: see {@code io.cybergraph.node.evidence.EquivocatingNetwork}. */
  @Option(names = "--unsafe-equivocate", hidden = true,
      description = "TEST ONLY: sign a conflicting vote for every vote (test/dev chains only).")
  boolean unsafeEquivocate;

  @Override
  protected void execute() {
    NodeRunner.run(homeOption.home(), out(), (service, url) -> {
      String metrics = metricsUrl(service);
      out().println("node running: RPC " + url + (metrics.isEmpty() ? "" : ", metrics " + metrics));
      out().flush();
    }, unsafeEquivocate);
  }

  /** "http://HOST:PORT/metrics", or "" when metrics are off. */
  static String metricsUrl(io.cybergraph.node.service.NodeService service) {
    if (service.metricsPort() < 0) {
      return "";
    }
    String host = io.cybergraph.node.config.HostPort.parse(
        service.node().config().metrics.laddr).host();
    return "http://" + host + ":" + service.metricsPort() + "/metrics";
  }
}
