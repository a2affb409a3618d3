package io.cybergraph.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.StoredKey;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.proto.Texts;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.cid.InvalidCidException;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.Address;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cyber tx}: sign transactions with a keyring key and broadcast them. The sequence comes
 * from {@code GET /account} ({@code next_sequence}), the chain ID from the home's genesis; both
 * can be given instead ({@code --sequence}, {@code --chain-id}), and {@code --offline} prints the
 * signed transaction without contacting a node (for {@code cyber tx broadcast}).
 */
@Command(
    name = "tx",
    mixinStandardHelpOptions = true,
    description = "Sign and broadcast transactions.",
    subcommands = {TxCommand.Link.class, TxCommand.Send.class, TxCommand.Broadcast.class})
final class TxCommand implements Runnable {

  /** How long the client waits for {@code /broadcast_tx_commit} (the node gives up earlier). */
  static final Duration COMMIT_WAIT = Duration.ofSeconds(60);

  static final Duration SYNC_WAIT = Duration.ofSeconds(30);

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by the signing commands. */
  static final class SignOptions {
    @Mixin HomeOption home;
    @Mixin NodeOption node;

    @Option(names = "--from", paramLabel = "KEY", defaultValue = InitCommand.ACCOUNT_KEY,
        description = "Keyring key that signs (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--memo", paramLabel = "TEXT", defaultValue = "",
        description = "Memo carried in the transaction.")
    String memo;

    @Option(names = "--commit",
        description = "Wait until a block includes the transaction (/broadcast_tx_commit).")
    boolean commit;

    @Option(names = "--chain-id", paramLabel = "ID",
        description = "Chain ID (default: chain_id of the home's config/genesis.json).")
    String chainId;

    @Option(names = "--sequence", paramLabel = "N",
        description = "Account sequence to sign with (default: next_sequence from GET /account).")
    Long sequence;

    @Option(names = "--offline",
        description = "Print the signed transaction instead of broadcasting it (needs --sequence).")
    boolean offline;
  }

  /** The flow shared by link and send: key, chain ID, sequence, sign, then broadcast or print. */
  abstract static class SigningCommand extends CliCommand {
    @Mixin SignOptions options;

    /** Checks the command's own arguments before anything is read or sent. */
    abstract void checkArguments();

    abstract byte[] sign(String chainId, StoredKey key, long sequence);

    @Override
    protected void execute() {
      checkArguments();
      if (options.offline && options.sequence == null) {
        throw CliException.badInput("--offline needs --sequence (no node is asked for it)");
      }
      if (options.sequence != null && options.sequence < 0) {
        throw CliException.badInput("--sequence must be >= 0, got " + options.sequence);
      }
      NodeHome home = options.home.home();
      StoredKey key = home.keyring().get(KeysCommand.name(options.from));
      String chainId = chainId(home);
      if (options.offline) {
        byte[] tx = sign(chainId, key, options.sequence);
        Map<String, String> signed = new java.util.LinkedHashMap<>();
        signed.put("tx", Base64.getEncoder().encodeToString(tx));
        signed.put("hash", Address.hex(TxCodec.txHash(tx)));
        printJson(signed);
        return;
      }
      NodeClient client =
          new NodeClient(options.node.uri(home), options.commit ? COMMIT_WAIT : SYNC_WAIT);
      long sequence = options.sequence != null ? options.sequence : nextSequence(client, key);
      byte[] tx = sign(chainId, key, sequence);
      printJson(broadcast(client, tx, options.commit));
    }

    private String chainId(NodeHome home) {
      if (options.chainId != null) {
        if (!GenesisLoader.isValidChainId(options.chainId)) { // the node would refuse it
          throw CliException.badInput("--chain-id " + Texts.quote(
              options.chainId) + ": " + GenesisLoader.CHAIN_ID_RULE);
        }
        return options.chainId;
      }
      if (!Files.exists(home.genesisJson())) {
        throw CliException.badInput("no chain ID: " + home.genesisJson()
            + " does not exist; give --chain-id or a --home with a genesis");
      }
      return GenesisLoader.load(home.genesisJson()).chainId();
    }
  }

  /** The account's next sequence as the node sees it (committed plus pending). */
  static long nextSequence(NodeClient client, StoredKey key) {
    JsonNode account =
        client.get(RpcEndpoint.ACCOUNT.path(), Map.of("address", key.address()));
    JsonNode next = account.get("next_sequence");
    if (next == null || !next.canConvertToLong() || next.asLong() < 0) {
      throw CliException.failure("node at " + client.base()
          + " answered /account without a valid next_sequence");
    }
    return next.asLong();
  }

  /** POSTs {@code {"tx": base64}} to the sync or commit broadcast endpoint. */
  static JsonNode broadcast(NodeClient client, byte[] tx, boolean commit) {
    RpcEndpoint endpoint =
        commit ? RpcEndpoint.BROADCAST_TX_COMMIT : RpcEndpoint.BROADCAST_TX_SYNC;
    return client.post(endpoint.path(), Map.of("tx", Base64.getEncoder().encodeToString(tx)));
  }

  static Cid cid(String what, String text) {
    try {
      return Cid.parse(text);
    } catch (InvalidCidException e) {
      throw CliException.badInput(what + ": " + e.getMessage());
    }
  }

  @Command(name = "link", mixinStandardHelpOptions = true,
      description = "Link two particles: FROM_CID -> TO_CID.")
  static final class Link extends SigningCommand {
    @Parameters(index = "0", paramLabel = "FROM_CID", description = "Particle the link leaves.")
    String from;

    @Parameters(index = "1", paramLabel = "TO_CID", description = "Particle the link reaches.")
    String to;

    private Cid fromCid;
    private Cid toCid;

    @Override
    void checkArguments() {
      fromCid = cid("FROM_CID", from);
      toCid = cid("TO_CID", to);
      if (fromCid.equals(toCid)) {
        throw CliException.badInput("FROM_CID and TO_CID name the same particle: a link joins"
            + " two different particles");
      }
    }

    @Override
    byte[] sign(String chainId, StoredKey key, long sequence) {
      return TxFactory.link(chainId, key.keys(), sequence, fromCid, toCid, options.memo);
    }
  }

  @Command(name = "send", mixinStandardHelpOptions = true,
      description = "Send AMOUNT (base units) to TO_ADDRESS.")
  static final class Send extends SigningCommand {
    @Parameters(index = "0", paramLabel = "TO_ADDRESS", description = "Receiving address (cyber1...).")
    String to;

    @Parameters(index = "1", paramLabel = "AMOUNT", description = "Amount in base units, > 0.")
    long amount;

    private byte[] toAddress;

    @Override
    void checkArguments() {
      try {
        toAddress = Address.fromBech32(to);
      } catch (IllegalArgumentException e) {
        throw CliException.badInput("TO_ADDRESS: " + e.getMessage());
      }
      if (amount <= 0) {
        throw CliException.badInput("AMOUNT must be > 0, got " + amount);
      }
    }

    @Override
    byte[] sign(String chainId, StoredKey key, long sequence) {
      return TxFactory.send(chainId, key.keys(), sequence, toAddress, amount, options.memo);
    }
  }

  @Command(name = "broadcast", mixinStandardHelpOptions = true,
      description = "Broadcast a signed transaction (base64 or 0x-hex TxRaw, e.g. from --offline).")
  static final class Broadcast extends CliCommand {
    @Mixin HomeOption home;
    @Mixin NodeOption node;

    @Parameters(paramLabel = "TX", description = "TxRaw as base64 or 0x-prefixed hex.")
    String tx;

    @Option(names = "--commit",
        description = "Wait until a block includes the transaction (/broadcast_tx_commit).")
    boolean commit;

    @Override
    protected void execute() {
      byte[] bytes;
      try {
        bytes = io.cybergraph.node.rpc.Params.decodeTx("TX", tx);
      } catch (io.cybergraph.node.rpc.RpcException e) {
        throw CliException.badInput(e.getMessage());
      }
      NodeClient client = new NodeClient(node.uri(home.home()), commit ? COMMIT_WAIT : SYNC_WAIT);
      printJson(broadcast(client, bytes, commit));
    }
  }
}
