package io.cybergraph.node.cli;

import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.proto.crypto.Address;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cyber query}: one subcommand per RPC query endpoint ({@code docs/rpc.md}); options map
 * to the endpoint's query parameters, are checked before the request is sent (exit 2), and the
 * answer is printed as indented JSON.
 */
@Command(
    name = "query",
    aliases = "q",
    mixinStandardHelpOptions = true,
    description = "Query a node's RPC and print the JSON answer.",
    subcommands = {
      QueryCommand.Health.class,
      QueryCommand.Status.class,
      QueryCommand.GenesisQuery.class,
      QueryCommand.Block.class,
      QueryCommand.Blockchain.class,
      QueryCommand.Commit.class,
      QueryCommand.Tx.class,
      QueryCommand.NumUnconfirmedTxs.class,
      QueryCommand.Account.class,
      QueryCommand.Links.class,
      QueryCommand.Link.class,
      QueryCommand.RankParticle.class,
      QueryCommand.RankTop.class,
      QueryCommand.RankSearch.class,
      QueryCommand.RankBacklinks.class,
      QueryCommand.Explain.class,
      QueryCommand.Context.class,
      QueryCommand.Karma.class,
      QueryCommand.RankParams.class,
      QueryCommand.GraphStats.class,
      QueryCommand.Bandwidth.class,
      QueryCommand.NetInfo.class,
      QueryCommand.Validators.class,
      QueryCommand.ConsensusState.class,
      QueryCommand.Evidence.class
    })
final class QueryCommand implements Runnable {

  static final Duration QUERY_WAIT = Duration.ofSeconds(30);

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** One GET of one endpoint. */
  abstract static class Query extends CliCommand {
    @Mixin HomeOption homeOption;
    @Mixin NodeOption node;

    abstract RpcEndpoint endpoint();

    /** The query parameters, checked; null values are left out. */
    Map<String, String> params(NodeHome home) {
      return Map.of();
    }

    @Override
    protected void execute() {
      NodeHome home = homeOption.home();
      Map<String, String> params = params(home);
      NodeClient client = new NodeClient(node.uri(home), QUERY_WAIT);
      printJson(client.get(endpoint().path(), params));
    }
  }

  /** {@code --limit} and {@code --next} of paged endpoints. */
  static final class Page {
    @Option(names = "--limit", paramLabel = "N", description = "Items per page (node default 20).")
    Integer limit;

    @Option(names = "--next", paramLabel = "CURSOR",
        description = "Cursor from the previous page's \"next\".")
    String next;

    void addTo(Map<String, String> params) {
      if (limit != null && limit < 1) {
        throw CliException.badInput("--limit must be >= 1, got " + limit);
      }
      put(params, "limit", limit == null ? null : limit.toString());
      put(params, "next", next);
    }
  }

  // ---- checks shared by the subcommands (the node checks again) ----

  static String height(String option, Long height) {
    if (height == null) {
      return null;
    }
    if (height < 1) {
      throw CliException.badInput(option + " must be >= 1, got " + height);
    }
    return height.toString();
  }

  static String cid(String what, String text) {
    return text == null ? null : TxCommand.cid(what, text).text();
  }

  /** A bech32 address, or the name of a key in the home's keyring. */
  static String address(String what, String text, NodeHome home) {
    if (text == null) {
      return null;
    }
    if (text.toLowerCase(java.util.Locale.ROOT).startsWith(Address.PREFIX + "1")) {
      try {
        Address.fromBech32(text);
        return text;
      } catch (IllegalArgumentException e) {
        throw CliException.badInput(what + ": " + e.getMessage());
      }
    }
    if (io.cybergraph.node.home.Keyring.NAME.matcher(text).matches()
        && home.keyring().exists(text)) {
      return home.keyring().get(text).address();
    }
    throw CliException.badInput(what + ": " + io.cybergraph.proto.Texts.quote(text)
        + " is neither a cyber1... address nor a key in " + home.keysDir());
  }

  static String hash(String what, String text) {
    String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    try {
      if (HexFormat.of().parseHex(hex).length == 32) {
        return hex.toLowerCase(java.util.Locale.ROOT);
      }
    } catch (IllegalArgumentException e) {
      // fall through to the message
    }
    throw CliException.badInput(what + ": expected 64 hex characters, got "
        + io.cybergraph.proto.Texts.quote(text));
  }

  static void put(Map<String, String> params, String name, String value) {
    if (value != null) {
      params.put(name, value);
    }
  }

  // ---- node ----

  @Command(name = "health", mixinStandardHelpOptions = true, description = "GET /health")
  static final class Health extends Query {
    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.HEALTH;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "GET /status: node, latest block and validator.")
  static final class Status extends Query {
    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.STATUS;
    }
  }

  @Command(name = "genesis", mixinStandardHelpOptions = true,
      description = "GET /genesis: the genesis file and its hash.")
  static final class GenesisQuery extends Query {
    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.GENESIS;
    }
  }

  @Command(name = "net-info", mixinStandardHelpOptions = true, description = "GET /net_info: peers.")
  static final class NetInfo extends Query {
    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.NET_INFO;
    }
  }

  @Command(name = "consensus-state", mixinStandardHelpOptions = true,
      description = "GET /consensus_state: the round in progress.")
  static final class ConsensusState extends Query {
    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.CONSENSUS_STATE;
    }
  }

  @Command(name = "validators", mixinStandardHelpOptions = true,
      description = "GET /validators: the validator set at a height.")
  static final class Validators extends Query {
    @Option(names = "--height", paramLabel = "H", description = "Height (default: latest).")
    Long height;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.VALIDATORS;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "height", height("--height", height));
      return p;
    }
  }

  @Command(name = "evidence", mixinStandardHelpOptions = true,
      description = "GET /evidence: committed evidence of misbehaviour (paged), or the"
          + " pending pool with --pending.")
  static final class Evidence extends Query {
    @Option(names = "--height", paramLabel = "H",
        description = "Only the evidence committed in block H (with --pending: of votes of height H).")
    Long height;

    @Option(names = "--pending", description = "The node's pending pool instead of committed evidence.")
    boolean pending;

    @Mixin Page page;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.EVIDENCE;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "height", height("--height", height));
      put(p, "status", pending ? "pending" : null);
      page.addTo(p);
      return p;
    }
  }

  // ---- blocks ----

  @Command(name = "block", mixinStandardHelpOptions = true, description = "GET /block")
  static final class Block extends Query {
    @Option(names = "--height", paramLabel = "H", description = "Height (default: latest).")
    Long height;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.BLOCK;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "height", height("--height", height));
      return p;
    }
  }

  @Command(name = "blockchain", mixinStandardHelpOptions = true,
      description = "GET /blockchain: headers from --max down to --min (at most 20).")
  static final class Blockchain extends Query {
    @Option(names = "--min", paramLabel = "H", description = "Lowest height.")
    Long min;

    @Option(names = "--max", paramLabel = "H", description = "Highest height (default: latest).")
    Long max;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.BLOCKCHAIN;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "min", height("--min", min));
      put(p, "max", height("--max", max));
      if (min != null && max != null && min > max) {
        throw CliException.badInput("--min " + min + " is above --max " + max);
      }
      return p;
    }
  }

  @Command(name = "commit", mixinStandardHelpOptions = true,
      description = "GET /commit: a header and its commit.")
  static final class Commit extends Query {
    @Option(names = "--height", paramLabel = "H", description = "Height (default: latest).")
    Long height;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.COMMIT;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "height", height("--height", height));
      return p;
    }
  }

  // ---- transactions and accounts ----

  @Command(name = "tx", mixinStandardHelpOptions = true,
      description = "GET /tx: a committed transaction by hash.")
  static final class Tx extends Query {
    @Parameters(paramLabel = "HASH", description = "Transaction hash (64 hex characters).")
    String hash;

    @Option(names = "--prove", description = "Include the inclusion proof under data_hash.")
    boolean prove;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.TX;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "hash", hash("HASH", hash));
      put(p, "prove", prove ? "true" : null);
      return p;
    }
  }

  @Command(name = "num-unconfirmed-txs", mixinStandardHelpOptions = true,
      description = "GET /num_unconfirmed_txs: the mempool's size.")
  static final class NumUnconfirmedTxs extends Query {
    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.NUM_UNCONFIRMED_TXS;
    }
  }

  @Command(name = "account", mixinStandardHelpOptions = true,
      description = "GET /account: balance and sequences.")
  static final class Account extends Query {
    @Parameters(paramLabel = "ADDRESS", description = "cyber1... address or keyring key name.")
    String address;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.ACCOUNT;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      return Map.of("address", address("ADDRESS", address, home));
    }
  }

  @Command(name = "bandwidth", mixinStandardHelpOptions = true,
      description = "GET /bandwidth: a neuron's link budget.")
  static final class Bandwidth extends Query {
    @Parameters(paramLabel = "NEURON", description = "cyber1... address or keyring key name.")
    String neuron;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.BANDWIDTH;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      return Map.of("neuron", address("NEURON", neuron, home));
    }
  }

  // ---- graph ----

  @Command(name = "links", mixinStandardHelpOptions = true,
      description = "GET /links: a neuron's links (--neuron), or a particle's (--particle).")
  static final class Links extends Query {
    @Option(names = "--neuron", paramLabel = "ADDRESS",
        description = "Links made by this neuron (address or key name).")
    String neuron;

    @Option(names = "--from-height", paramLabel = "H", description = "With --neuron: from height.")
    Long fromHeight;

    @Option(names = "--to-height", paramLabel = "H", description = "With --neuron: to height.")
    Long toHeight;

    @Option(names = "--particle", paramLabel = "CID", description = "Links of this particle.")
    String particle;

    @Option(names = "--direction", paramLabel = "out|in",
        description = "With --particle: out (default) or in.")
    String direction;

    @Mixin Page page;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.LINKS;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      if ((neuron == null) == (particle == null)) {
        throw CliException.badInput("give exactly one of --neuron and --particle");
      }
      if (neuron == null && (fromHeight != null || toHeight != null)) {
        throw CliException.badInput("--from-height and --to-height go with --neuron");
      }
      if (particle == null && direction != null) {
        throw CliException.badInput("--direction goes with --particle");
      }
      if (direction != null && !direction.equals("out") && !direction.equals("in")) {
        throw CliException.badInput("--direction must be out or in, got " + direction);
      }
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "neuron", address("--neuron", neuron, home));
      put(p, "from_height", height("--from-height", fromHeight));
      put(p, "to_height", height("--to-height", toHeight));
      put(p, "particle", cid("--particle", particle));
      put(p, "direction", direction);
      page.addTo(p);
      return p;
    }
  }

  @Command(name = "link", mixinStandardHelpOptions = true,
      description = "GET /link: who linked FROM -> TO, with inclusion proofs.")
  static final class Link extends Query {
    @Parameters(index = "0", paramLabel = "FROM_CID")
    String from;

    @Parameters(index = "1", paramLabel = "TO_CID")
    String to;

    @Mixin Page page;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.LINK;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "from", cid("FROM_CID", from));
      put(p, "to", cid("TO_CID", to));
      page.addTo(p);
      return p;
    }
  }

  @Command(name = "graph-stats", mixinStandardHelpOptions = true,
      description = "GET /graph/stats: particles, links, neurons.")
  static final class GraphStats extends Query {
    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.GRAPH_STATS;
    }
  }

  // ---- rank ----

  @Command(name = "rank-particle", mixinStandardHelpOptions = true,
      description = "GET /rank/particle: focus of a particle with its Merkle proof.")
  static final class RankParticle extends Query {
    @Parameters(paramLabel = "CID")
    String cid;

    @Option(names = "--height", paramLabel = "H", description = "Rank height (default: latest).")
    Long height;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.RANK_PARTICLE;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "cid", cid("CID", cid));
      put(p, "height", height("--height", height));
      return p;
    }
  }

  @Command(name = "rank-top", mixinStandardHelpOptions = true,
      description = "GET /rank/top: particles by focus.")
  static final class RankTop extends Query {
    @Mixin Page page;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.RANK_TOP;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      page.addTo(p);
      return p;
    }
  }

  @Command(name = "rank-search", mixinStandardHelpOptions = true,
      description = "GET /rank/search: particles CID links to, by focus.")
  static final class RankSearch extends Query {
    @Parameters(paramLabel = "CID")
    String cid;

    @Option(names = "--order", paramLabel = "ORDER",
        description = "focus (default) or context: by focus in the context of CID.")
    String order;

    @Mixin Page page;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.RANK_SEARCH;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "cid", cid("CID", cid));
      if (order != null && !order.equals("focus") && !order.equals("context")) {
        throw CliException.badInput("--order must be focus or context, got " + order);
      }
      put(p, "order", order);
      page.addTo(p);
      return p;
    }
  }

  /** {@code explain} and {@code context}: a particle and how many rows. */
  abstract static class ParticleQuery extends Query {
    @Parameters(paramLabel = "CID")
    String cid;

    @Option(names = "--top", paramLabel = "N", description = "Rows (node default 20).")
    Integer top;

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "cid", cid("CID", cid));
      if (top != null && top < 1) {
        throw CliException.badInput("--top must be >= 1, got " + top);
      }
      put(p, "top", top == null ? null : top.toString());
      return p;
    }
  }

  @Command(name = "explain", mixinStandardHelpOptions = true,
      description = "GET /rank/explain: the links and neurons that hold up CID's focus.")
  static final class Explain extends ParticleQuery {
    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.RANK_EXPLAIN;
    }
  }

  @Command(name = "context", mixinStandardHelpOptions = true,
      description = "GET /rank/context: focus in the context of CID.")
  static final class Context extends ParticleQuery {
    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.RANK_CONTEXT;
    }
  }

  @Command(name = "rank-backlinks", mixinStandardHelpOptions = true,
      description = "GET /rank/backlinks: particles linking to CID, by focus.")
  static final class RankBacklinks extends Query {
    @Parameters(paramLabel = "CID")
    String cid;

    @Mixin Page page;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.RANK_BACKLINKS;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      Map<String, String> p = new LinkedHashMap<>();
      put(p, "cid", cid("CID", cid));
      page.addTo(p);
      return p;
    }
  }

  @Command(name = "karma", mixinStandardHelpOptions = true,
      description = "GET /karma: the focus a neuron's links carry.")
  static final class Karma extends Query {
    @Parameters(paramLabel = "NEURON", description = "cyber1... address or keyring key name.")
    String neuron;

    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.KARMA;
    }

    @Override
    Map<String, String> params(NodeHome home) {
      return Map.of("neuron", address("NEURON", neuron, home));
    }
  }

  @Command(name = "rank-params", mixinStandardHelpOptions = true,
      description = "GET /rank/params: the rank rule and the last computation.")
  static final class RankParams extends Query {
    @Override
    RpcEndpoint endpoint() {
      return RpcEndpoint.RANK_PARAMS;
    }
  }
}
