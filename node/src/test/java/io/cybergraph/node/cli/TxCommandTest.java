package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.StoredKey;
import io.cybergraph.node.net.FreePort;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.app.tx.Refusal;
import io.cybergraph.node.app.tx.RefusalCode;
import io.cybergraph.node.rpc.TxRefusals;
import io.cybergraph.node.rpc.RpcJson;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.codec.DecodedTx;
import io.cybergraph.proto.codec.InvalidTxException;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.proto.pb.Message;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxCommandTest {

  static final String FROM = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG";
  static final String TO = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
  static final long NEXT_SEQUENCE = 5;

  @TempDir static Path dir;
  static Path home;
  static CaptureServer node;
  static StoredKey validator;
  static String chainId;

  @BeforeAll
  static void start() {
    home = dir.resolve("home");
    Cli.run("init", "--home", home.toString(), "--chain-id", "tx-test-1").ok();
    validator = new NodeHome(home).keyring().get("validator");
    chainId = GenesisLoader.load(new NodeHome(home).genesisJson()).chainId();
    node = new CaptureServer()
        .handle(RpcEndpoint.ACCOUNT, r -> Map.of(
            "address", r.param("address"), "height", 3, "balance", "1000",
            "sequence", 4, "next_sequence", NEXT_SEQUENCE, "public_key", ""))
        .handle(RpcEndpoint.BROADCAST_TX_SYNC, TxCommandTest::answerBroadcast)
        .handle(RpcEndpoint.BROADCAST_TX_COMMIT, r -> {
          Map<String, Object> sync = answerBroadcast(r);
          return Map.of("hash", sync.get("hash"), "height", 9, "index", 0);
        })
        .start();
  }

  /** Like the node: decode strictly; refuse a sequence other than the expected one. */
  static Map<String, Object> answerBroadcast(io.cybergraph.node.rpc.RpcRequest r) {
    byte[] tx = io.cybergraph.node.rpc.Params.tx(r);
    DecodedTx decoded;
    try {
      decoded = TxCodec.decodeAndVerify(tx);
    } catch (InvalidTxException e) {
      throw TxRefusals.toRpcException(Refusal.of(RefusalCode.MALFORMED, e.getMessage()));
    }
    if (decoded.body().getSequence() != NEXT_SEQUENCE) {
      throw TxRefusals.toRpcException(Refusal.of(RefusalCode.SEQUENCE_MISMATCH,
          "sequence " + decoded.body().getSequence() + " is not the next one (" + NEXT_SEQUENCE
              + ")", "expected", NEXT_SEQUENCE, "got", decoded.body().getSequence()));
    }
    return Map.of("hash", HexFormat.of().formatHex(decoded.hash()), "code", 0, "log", "");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @BeforeEach
  void clear() {
    node.requests.clear();
  }

  // ---- the build step alone ----

  @Test
  void linkTransactionsAreSignedAndCanonical() {
    KeyPair key = KeyPair.generate(new SecureRandom());
    byte[] raw = TxFactory.link("c-1", key, 17, Cid.parse(FROM), Cid.parse(TO), "hello");
    DecodedTx tx = TxCodec.decodeAndVerify(raw);
    assertEquals("c-1", tx.body().getChainId());
    assertEquals(17, tx.body().getSequence());
    assertEquals("hello", tx.body().getMemo());
    assertArrayEquals(key.publicKey(), tx.publicKey());
    assertEquals(1, tx.body().getMessagesCount());
    Link link = tx.body().getMessages(0).getCyberlink().getLinks(0);
    assertEquals(FROM, link.getFrom());
    assertEquals(TO, link.getTo());
    // one flipped bit anywhere in the signed body breaks the signature
    raw[raw.length - 70] ^= 1;
    assertThrows(InvalidTxException.class, () -> TxCodec.decodeAndVerify(raw));
  }

  @Test
  void sendTransactions() {
    KeyPair key = KeyPair.generate(new SecureRandom());
    byte[] to = new byte[20];
    Arrays.fill(to, (byte) 7);
    DecodedTx tx = TxCodec.decodeAndVerify(TxFactory.send("c-1", key, 0, to, 123, ""));
    Message message = tx.body().getMessages(0);
    assertArrayEquals(to, message.getSend().getTo().toByteArray());
    assertEquals(123, message.getSend().getAmount());
    assertEquals(0, tx.body().getSequence());
  }

  // ---- the whole command against the real RPC framework ----

  @Test
  void linkAsksTheSequenceSignsAndPostsTheTx() throws Exception {
    Cli.Result result = Cli.run("tx", "link", FROM, TO, "--home", home.toString(),
        "--node", node.url(), "--memo", "m").ok();
    assertEquals(2, node.requests.size());
    CaptureServer.Captured account = node.requests.get(0);
    assertEquals("/account", account.path());
    assertEquals(Map.of("address", validator.address()), account.params());

    CaptureServer.Captured broadcast = node.requests.get(1);
    assertEquals("POST", broadcast.method());
    assertEquals("/broadcast_tx_sync", broadcast.path());
    JsonNode body = RpcJson.mapper().readTree(broadcast.body());
    assertEquals(1, body.size());
    DecodedTx tx = TxCodec.decodeAndVerify(Base64.getDecoder().decode(body.get("tx").asText()));
    assertEquals(chainId, tx.body().getChainId());
    assertEquals(NEXT_SEQUENCE, tx.body().getSequence());
    assertEquals("m", tx.body().getMemo());
    assertArrayEquals(validator.keys().publicKey(), tx.publicKey());
    Link link = tx.body().getMessages(0).getCyberlink().getLinks(0);
    assertEquals(FROM, link.getFrom());
    assertEquals(TO, link.getTo());

    JsonNode printed = result.json();
    assertEquals(HexFormat.of().formatHex(tx.hash()), printed.get("hash").asText());
    assertTrue(result.out().contains("\n  \"hash\""), "pretty JSON: " + result.out());
  }

  @Test
  void sendWithCommitUsesTheCommitEndpoint() throws Exception {
    String to = Address.toBech32(new byte[20]);
    Cli.Result result = Cli.run("tx", "send", to, "250", "--commit", "--home", home.toString(),
        "--node", node.url()).ok();
    assertEquals("/broadcast_tx_commit", node.last().path());
    DecodedTx tx = TxCodec.decodeAndVerify(Base64.getDecoder().decode(
        RpcJson.mapper().readTree(node.last().body()).get("tx").asText()));
    assertEquals(250, tx.body().getMessages(0).getSend().getAmount());
    assertArrayEquals(new byte[20], tx.body().getMessages(0).getSend().getTo().toByteArray());
    assertEquals(9, result.json().get("height").asInt());
  }

  @Test
  void offlineThenBroadcast() throws Exception {
    Cli.Result signed = Cli.run("tx", "link", FROM, TO, "--home", home.toString(),
        "--sequence", String.valueOf(NEXT_SEQUENCE), "--offline").ok();
    assertEquals(0, node.requests.size());
    String base64 = signed.json().get("tx").asText();
    DecodedTx tx = TxCodec.decodeAndVerify(Base64.getDecoder().decode(base64));
    assertEquals(HexFormat.of().formatHex(tx.hash()), signed.json().get("hash").asText());

    Cli.run("tx", "broadcast", base64, "--node", node.url(), "--home", home.toString()).ok();
    byte[] sent = Base64.getDecoder().decode(
        RpcJson.mapper().readTree(node.last().body()).get("tx").asText());
    assertArrayEquals(tx.raw(), sent);
    Cli.run("tx", "broadcast", "0x" + HexFormat.of().formatHex(tx.raw()), "--node", node.url(),
        "--home", home.toString()).ok();
    assertEquals(2, node.requests.size());
  }

  @Test
  void givenSequenceAndChainIdAreUsed() throws Exception {
    Cli.run("tx", "link", FROM, TO, "--home", home.toString(), "--sequence", "8",
        "--chain-id", "elsewhere", "--offline").ok();
    Cli.Result refused = Cli.run("tx", "link", FROM, TO, "--home", home.toString(),
        "--node", node.url(), "--sequence", "8");
    refused.fails(2,
        "node answered 400 sequence_mismatch: sequence 8 is not the next one (5) (expected 5, got 8)");
    assertEquals(1, node.requests.size()); // no /account lookup when --sequence is given
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsSent() {
    String h = home.toString();
    String url = node.url();
    Cli.run("tx", "link", "QmBad", TO, "--home", h, "--node", url)
        .fails(2, "FROM_CID: invalid CID \"QmBad\"");
    Cli.run("tx", "link", FROM, FROM, "--home", h, "--node", url).fails(2, "same particle");
    Cli.run("tx", "send", "cyber1xyz", "5", "--home", h, "--node", url).fails(2, "TO_ADDRESS");
    Cli.run("tx", "send", Address.toBech32(new byte[20]), "0", "--home", h, "--node", url)
        .fails(2, "AMOUNT must be > 0");
    Cli.run("tx", "link", FROM, TO, "--from", "nobody", "--home", h, "--node", url)
        .fails(2, "no key named 'nobody'");
    Cli.run("tx", "link", FROM, TO, "--offline", "--home", h).fails(2, "--offline needs --sequence");
    Cli.run("tx", "link", FROM, TO, "--home", h, "--node", "ftp://x").fails(2, "--node");
    Cli.run("tx", "broadcast", "!!!", "--home", h, "--node", url).fails(2, "TX: not base64");
    Cli.run("tx", "link", FROM, TO, "--home", h, "--node", url, "--chain-id", "bad id!")
        .fails(2, "--chain-id \"bad id!\": must be 1..50 characters of letters, digits");
    Cli.run("tx", "link", FROM, TO, "--home", dir.resolve("nohome").toString(), "--node", url)
        .fails(2, "nohome does not exist");
    assertEquals(0, node.requests.size());
  }

  @Test
  void anUnreachableNodeIsOneLineAndExit1() throws Exception {
    int port = FreePort.any();
    Cli.run("tx", "link", FROM, TO, "--home", home.toString(), "--node", "http://127.0.0.1:" + port)
        .fails(1, "cannot reach node at http://127.0.0.1:" + port + ": connection refused");
    // a mistyped host was reported as "connection refused" too
    Cli.run("tx", "link", FROM, TO, "--home", home.toString(), "--node",
            "http://nohost.invalid:26657")
        .fails(1, "cannot reach node at http://nohost.invalid:26657: cannot resolve host"
            + " nohost.invalid");
  }
}
