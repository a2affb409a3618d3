package io.cybergraph.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.node.bench.LoadBench;
import io.cybergraph.node.bench.LoadReport;
import io.cybergraph.node.devnet.DevnetHomes;
import io.cybergraph.node.home.NodeHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cyber bench load}: committed links per second and commit latency of a running node.
 * Funds fresh accounts from a keyring key, submits signed link txs with a bounded number in
 * flight and follows the blocks; prints links/s and latency p50/p99 (and, alongside, the graph
 * size and the rank time per block), or one JSON object with {@code --json}.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = "Load a running node with link txs and measure committed links/s and commit"
        + " latency.")
final class BenchLoadCommand extends CliCommand {

  @Mixin HomeOption homeOption;
  @Mixin NodeOption nodeOption;

  @Option(names = "--from", paramLabel = "KEY", defaultValue = "validator",
      description = "Keyring key that funds the load accounts (default: ${DEFAULT-VALUE}).")
  String from;

  @Option(names = "--devnet", paramLabel = "DIR",
      description = "Load every node of a devnet folder (cyber testnet --output DIR) whose"
          + " keyring holds the --from key: each funds its share of the accounts, which submit"
          + " to that node's RPC. Excludes --home and --node.")
  Path devnet;

  @Option(names = "--accounts", paramLabel = "N", defaultValue = "100",
      description = "Fresh accounts to fund and link from (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(names = "--txs", paramLabel = "N", defaultValue = "1000",
      description = "Link txs to commit (default: ${DEFAULT-VALUE}).")
  int txs;

  @Option(names = "--links-per-tx", paramLabel = "K", defaultValue = "100",
      description = "Links per tx, each between two new particles (default: ${DEFAULT-VALUE}).")
  int linksPerTx;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "64",
      description = "Txs in flight at most: submitted and not yet committed (default:"
          + " ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--rate", paramLabel = "TXS_PER_S", defaultValue = "0",
      description = "Open loop: send a new tx every 1/rate seconds whatever the chain does, and"
          + " time each from when it was due (--concurrency still caps txs in flight). 0, the"
          + " default: closed loop, a new tx as soon as one in flight commits.")
  double rate;

  @Option(names = "--warmup-txs", paramLabel = "N", defaultValue = "0",
      description = "Send the first N of --txs like the rest but leave them out of the figures"
          + " (the nodes' JVMs compile their hot code during the first seconds of load)."
          + " Default: ${DEFAULT-VALUE}.")
  int warmupTxs;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--json", description = "Print one JSON object with the results.")
  boolean json;

  @Override
  protected void execute() {
    if (accounts < 1 || txs < 1 || linksPerTx < 1 || concurrency < 1 || timeoutSeconds < 1) {
      throw CliException.badInput(
          "--accounts, --txs, --links-per-tx, --concurrency and --timeout must be >= 1");
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw CliException.badInput("--rate must be a number >= 0 (txs per second; 0: closed loop)");
    }
    if (warmupTxs < 0 || warmupTxs >= txs) {
      throw CliException.badInput("--warmup-txs must be >= 0 and fewer than --txs " + txs);
    }
    List<LoadBench.Source> sources = devnet == null ? List.of(source(homeOption.home()))
        : devnetSources();
    if (accounts < sources.size()) {
      throw CliException.badInput("--accounts " + accounts + " is fewer than the "
          + sources.size() + " funding nodes: each needs at least one account");
    }
    LoadBench bench = new LoadBench(
        new LoadBench.Settings(sources, accounts, txs, linksPerTx, concurrency, rate,
            warmupTxs, Duration.ofSeconds(timeoutSeconds)),
        json ? new PrintWriter(Writer.nullWriter()) : err());
    LoadReport r;
    try {
      r = bench.run();
    } catch (java.net.ConnectException e) {
      throw CliException.failure("load failed: cannot reach the node (connection refused): is it"
          + " running? (--home / --devnet name the nodes the load goes to)");
    } catch (IOException e) {
      throw CliException.failure("load failed: " + (e.getMessage() != null
          ? e.getMessage() : e.getClass().getSimpleName()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failure("interrupted");
    }
    if (json) {
      ObjectNode o = PRETTY.createObjectNode();
      o.put("links_committed", r.linksCommitted());
      o.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
      o.put("links_per_s", Math.round(r.linksPerSecond()));
      o.put("offered_links_per_s", Math.round(rate * linksPerTx));
      o.put("latency_ms_p50", r.latencyMsP50());
      o.put("latency_ms_p99", r.latencyMsP99());
      o.put("errors", r.errors());
      o.put("txs_committed", r.txsCommitted());
      o.put("warmup_txs", warmupTxs);
      o.put("retries", r.retries());
      o.put("blocks", r.blocks());
      o.put("graph_particles", r.graphParticles());
      o.put("graph_links", r.graphLinks());
      o.put("rank_ms_p50", r.rankMsP50());
      o.put("rank_ms_max", r.rankMsMax());
      out().println(o.toString());
    } else {
      out().printf("committed %d links in %d txs over %.1f s (%d blocks): %.0f links/s%s%n",
          r.linksCommitted(), r.txsCommitted(), r.seconds(), r.blocks(), r.linksPerSecond(),
          rate > 0 ? String.format(" (offered %.0f links/s, open loop)", rate * linksPerTx) : "");
      if (warmupTxs > 0) {
        out().printf("(after %d warm-up txs, sent the same way and left out of these figures)%n",
            warmupTxs);
      }
      out().printf("commit latency: p50 %d ms, p99 %d ms; errors %d, back-pressure retries %d%n",
          r.latencyMsP50(), r.latencyMsP99(), r.errors(), r.retries());
      out().printf("graph: %d particles, %d links; rank per block: median %d ms, max %d ms%n",
          r.graphParticles(), r.graphLinks(), r.rankMsP50(), r.rankMsMax());
    }
    if (r.errors() > 0) {
      throw CliException.failure(r.errors() + " txs were refused or not committed");
    }
  }

  private LoadBench.Source source(NodeHome home) {
    return new LoadBench.Source(nodeOption.uri(home), home.keyring().get(from).keys());
  }

  /** Every home of the devnet folder with the {@code --from} key (its validators). */
  private List<LoadBench.Source> devnetSources() {
    if (homeOption.home != null || nodeOption.node != null) {
      throw CliException.badInput("--devnet excludes --home and --node");
    }
    List<LoadBench.Source> sources = new ArrayList<>();
    for (DevnetHomes.Entry entry : DevnetHomes.list(devnet)) {
      if (entry.home().keyring().exists(from)) {
        sources.add(source(entry.home()));
      }
    }
    if (sources.isEmpty()) {
      throw CliException.badInput("no home in " + devnet + " has a key named '" + from + "'");
    }
    return sources;
  }
}
