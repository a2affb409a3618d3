package io.cybergraph.node.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.cli.Cli;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.net.FreePort;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import io.cybergraph.rank.tree.FocusProof;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's life on a real process: init → start → links and sends through the CLI → every RPC
 * endpoint answered and checked → bad input refused and changing nothing → kill -9 under load →
 * restart → the same chain, nothing committed lost, no second signature at a signed height →
 * SIGTERM.
 */
class NodeEndToEndIT {
  private static final HexFormat HEX = HexFormat.of();
  private static final String CHAIN = "e2e-1";
  private static final int LAG = 2;
  private static final long DEADLINE_MS = 60_000;

  @TempDir Path dir;

  private Path home;
  private Rpc rpc;
  private final List<String> blockHashes = new ArrayList<>();
  private JsonNode focusBefore;
  private int metricsPort;

  private final String a = TestChain.cid(1);
  private final String b = TestChain.cid(2);
  private final String c = TestChain.cid(3);

  @Test
  void aNodeLivesThroughItsLife() throws Exception {
    home = dir.resolve("home");
    cli("init", "--home", home.toString(), "--chain-id", CHAIN);
    configure();
    NodeProcess node = NodeProcess.start(home, dir, "node-1");
    try {
      awaitHeight(node, 1);

      // links and sends through the CLI
      cli("keys", "add", "bob", "--home", home.toString());
      cli("keys", "add", "loader", "--home", home.toString());
      String validator = cli("keys", "show", "validator", "-a", "--home", home.toString()).trim();
      String bob = cli("keys", "show", "bob", "-a", "--home", home.toString()).trim();
      String loader = cli("keys", "show", "loader", "-a", "--home", home.toString()).trim();
      JsonNode link1 = json(cli("tx", "link", a, b, "--home", home.toString(), "--commit"));
      json(cli("tx", "link", a, c, "--home", home.toString(), "--commit"));
      json(cli("tx", "link", b, c, "--home", home.toString(), "--commit"));
      JsonNode send = json(cli("tx", "send", bob, "250000000000", "--home", home.toString(),
          "--commit"));
      json(cli("tx", "send", loader, "250000000000", "--home", home.toString(), "--commit"));
      await("bob's bandwidth", () -> rpcGet("/bandwidth?neuron=" + bob).get("available").asLong() > 10);
      JsonNode bobLink = json(cli("tx", "link", a, b, "--from", "bob", "--home", home.toString(),
          "--commit"));

      checkEndpoints(validator, bob, link1, send, bobLink);
      checkBadInput(validator, bob);

      // kill -9 under load, then restart
      Map<String, long[]> committed = new ConcurrentHashMap<>();
      long before = loadAndKill(node, loader, committed);
      Map<String, String> signed = signState(home.resolve("data/priv_validator_state"));
      node = NodeProcess.start(home, dir, "node-2");
      awaitHeight(node, Math.max(before, Long.parseLong(signed.get("height"))) + LAG + 2);
      checkRestart(before, signed, committed);

      assertFalse(node.log().contains("halted"), node.log());
      assertEquals(143, node.terminate(), "SIGTERM exit code");
      String log = node.log();
      assertTrue(log.contains("node stopped at height"), log);
      assertFalse(log.contains("Exception"), log);
    } finally {
      node.close();
    }
  }

  // ---------------------------------------------------------------------------------------

  private void checkEndpoints(String validator, String bob, JsonNode link1, JsonNode send,
      JsonNode bobLink) throws Exception {
    JsonNode status = rpcGet("/status");
    assertEquals(CHAIN, status.at("/node_info/network").asText());
    long latest = status.at("/sync_info/latest_block_height").asLong();
    assertTrue(latest >= link1.get("height").asLong());
    assertEquals(validatorAddress(), status.at("/validator_info/address").asText());
    assertEquals("ok", rpcGet("/health").get("status").asText());
    assertEquals(CHAIN, rpcGet("/genesis").at("/genesis/chain_id").asText());

    // the block of the first link: its tx, header, commit
    long h1 = link1.get("height").asLong();
    JsonNode block = rpcGet("/block?height=" + h1);
    assertEquals(h1, block.at("/block/header/height").asLong());
    assertEquals(Math.max(0, h1 - LAG), block.at("/block/header/rank_height").asLong());
    String txBase64 = block.at("/block/data/txs/" + link1.get("index").asInt()).asText();
    assertEquals(link1.get("hash").asText(),
        HEX.formatHex(Hashes.sha256(Base64.getDecoder().decode(txBase64))));
    assertEquals(h1 - 1, block.at("/block/last_commit/height").asLong());
    JsonNode commit = rpcGet("/commit?height=" + h1);
    assertTrue(commit.get("canonical").asBoolean());
    assertEquals(block.at("/block_id/hash").asText(),
        commit.at("/signed_header/commit/block_id/hash").asText());
    assertEquals(1, commit.at("/signed_header/commit/signatures").size());
    JsonNode chain = rpcGet("/blockchain?max=" + h1);
    assertEquals(h1, chain.at("/block_metas/0/header/height").asLong());
    assertEquals(block.at("/block_id/hash").asText(), chain.at("/block_metas/0/block_id/hash").asText());
    assertEquals(1, rpcGet("/validators").get("count").asInt());
    assertTrue(rpcGet("/consensus_state").get("height").asLong() > latest);
    assertEquals(0, rpcGet("/net_info").get("n_peers").asInt());
    assertEquals(0, rpcGet("/evidence").get("evidence").size());

    // the tx, with its inclusion proof under data_hash
    JsonNode tx = rpcGet("/tx?hash=" + link1.get("hash").asText() + "&prove=true");
    assertEquals(h1, tx.get("height").asLong());
    assertEquals(validator, tx.at("/decoded/signer").asText());
    assertEquals(a, tx.at("/decoded/messages/0/links/0/from").asText());
    JsonNode txProof = tx.get("proof");
    assertTrue(Merkle.verify(HEX.parseHex(txProof.get("data_hash").asText()),
        Base64.getDecoder().decode(tx.get("tx").asText()), txProof.get("index").asLong(),
        txProof.get("total").asLong(), aunts(txProof)));
    assertEquals(block.at("/block/header/data_hash").asText(), txProof.get("data_hash").asText());
    JsonNode sendTx = rpcGet("/tx?hash=" + send.get("hash").asText());
    assertEquals("250000000000", sendTx.at("/decoded/messages/0/amount").asText());

    // accounts and bandwidth
    JsonNode bobAccount = rpcGet("/account?address=" + bob);
    assertEquals("250000000000", bobAccount.get("balance").asText());
    assertEquals(1, bobAccount.get("sequence").asLong());
    assertEquals(1, bobAccount.get("next_sequence").asLong());
    assertFalse(bobAccount.get("public_key").isNull());
    assertEquals(5, rpcGet("/account?address=" + validator).get("sequence").asLong(), "3 links, 2 sends");
    JsonNode bandwidth = rpcGet("/bandwidth?neuron=" + bob);
    assertEquals(500_000, bandwidth.get("capacity").asLong());
    assertEquals(0, rpcGet("/num_unconfirmed_txs").get("n_txs").asInt());

    // provenance: by neuron and height, by particle, who linked a pair (with proofs)
    JsonNode byValidator = rpcGet("/links?neuron=" + validator + "&from_height=" + h1
        + "&to_height=" + h1);
    assertEquals(1, byValidator.get("links").size());
    JsonNode first = byValidator.at("/links/0");
    assertEquals(a, first.get("from").asText());
    assertEquals(b, first.get("to").asText());
    assertEquals(h1, first.get("height").asLong());
    assertEquals(link1.get("hash").asText(), first.get("tx_hash").asText());
    assertEquals(3, rpcGet("/links?neuron=" + validator).get("links").size());
    JsonNode page1 = rpcGet("/links?neuron=" + validator + "&limit=2");
    assertEquals(2, page1.get("links").size());
    JsonNode page2 = rpcGet("/links?neuron=" + validator + "&limit=2&next=" + page1.get("next").asText());
    assertEquals(1, page2.get("links").size());
    assertTrue(page2.get("next").isNull());
    assertEquals(3, rpcGet("/links?particle=" + a + "&direction=out").get("links").size());
    assertEquals(2, rpcGet("/links?particle=" + c + "&direction=in").get("links").size());
    JsonNode pair = rpcGet("/link?from=" + a + "&to=" + b);
    assertEquals(2, pair.get("neurons").size(), "validator and bob linked a -> b");
    assertEquals(validator, pair.at("/neurons/0/neuron").asText());
    assertEquals(bob, pair.at("/neurons/1/neuron").asText());
    assertEquals(bobLink.get("height").asLong(), pair.at("/neurons/1/height").asLong());
    byte[] linksRoot = HEX.parseHex(pair.get("links_root").asText());
    for (JsonNode n : pair.get("neurons")) {
      JsonNode p = n.get("proof");
      assertTrue(Merkle.verify(linksRoot, HEX.parseHex(n.get("leaf").asText()),
          p.get("index").asLong(), p.get("total").asLong(), aunts(p)), "link proof " + n);
    }
    long linksHeight = pair.get("links_height").asLong();
    byte[] appHash = Hashes.sha256(linksRoot, HEX.parseHex(pair.get("accounts_root").asText()),
        HEX.parseHex(pair.get("results_hash").asText()));
    awaitHeightRpc(linksHeight + 1);
    assertEquals(HEX.formatHex(appHash),
        rpcGet("/block?height=" + (linksHeight + 1)).at("/block/header/app_hash").asText(),
        "links_root, accounts_root and results_hash make the next header's app hash");
    JsonNode stats = rpcGet("/graph/stats");
    assertEquals(3, stats.get("particles").asInt());
    assertEquals(4, stats.get("links").asLong());
    assertEquals(2, stats.get("neurons").asInt());

    // rank: focus of a particle with its proof, against the root the chain commits to
    await("focus of bob's link", () -> rpcGet("/rank/params").at("/last/height").asLong()
        >= bobLink.get("height").asLong());
    JsonNode focus = rpcGet("/rank/particle?cid=" + b);
    FocusProof proof = focusProof(focus);
    byte[] rankRoot = HEX.parseHex(focus.get("rank_root").asText());
    assertTrue(proof.verify(rankRoot), "focus proof");
    long headerHeight = focus.get("header_height").asLong();
    awaitHeightRpc(headerHeight);
    assertEquals(focus.get("rank_root").asText(),
        rpcGet("/block?height=" + headerHeight).at("/block/header/rank_root").asText());
    JsonNode top = rpcGet("/rank/top");
    assertEquals(3, top.get("total").asInt());
    assertDescendingFocus(top.get("particles"));
    JsonNode search = rpcGet("/rank/search?cid=" + a);
    assertEquals(2, search.get("particles").size(), "a links to b and c");
    assertDescendingFocus(search.get("particles"));
    JsonNode backlinks = rpcGet("/rank/backlinks?cid=" + c);
    assertEquals(2, backlinks.get("particles").size(), "a and b link to c");
    assertDescendingFocus(backlinks.get("particles"));
    assertTrue(Long.parseLong(rpcGet("/karma?neuron=" + validator).get("karma").asText()) > 0);
    assertEquals("0", rpcGet("/karma?neuron=" + TestChainAddress.of(9)).get("karma").asText());
    JsonNode params = rpcGet("/rank/params");
    assertEquals(LAG, params.at("/params/lag_blocks").asInt());
    assertEquals(String.valueOf(1L << 60), params.get("one").asText());

    // metrics
    String metrics = rpc.text("http://127.0.0.1:" + metricsPort + "/metrics");
    for (String name : List.of("cyber_consensus_height", "cyber_consensus_block_interval_seconds",
        "cyber_txs_total", "cyber_links_total", "cyber_mempool_size", "cyber_rank_duration_seconds",
        "cyber_rank_iterations", "cyber_rank_delta", "cyber_graph_particles", "cyber_graph_links")) {
      assertTrue(metrics.contains("\n" + name + " ") || metrics.contains("\n" + name + "{"),
          name + " in\n" + metrics);
    }
    assertTrue(metricValue(metrics, "cyber_consensus_height") >= h1);
    assertTrue(metricValue(metrics, "cyber_links_total") >= 4);
  }

  private void checkBadInput(String validator, String bob) throws Exception {
    JsonNode statsBefore = rpcGet("/graph/stats");
    long validatorSequence = rpcGet("/account?address=" + validator).get("sequence").asLong();
    long bobSequence = rpcGet("/account?address=" + bob).get("sequence").asLong();

    expect(rpc.post("/broadcast_tx_sync", "{not json".getBytes(StandardCharsets.UTF_8)), 400, "bad_json");
    expect(rpc.post("/broadcast_tx_sync", "{\"tx\":\"CgA=\",\"fee\":1}".getBytes(StandardCharsets.UTF_8)),
        400, "unknown_field");
    expect(rpc.post("/broadcast_tx_sync", new byte[2 << 20]), 413, "body_too_large");
    expect(rpc.call("/broadcast_tx_sync?tx=%21%21notbase64"), 400, "bad_parameter");
    expect(rpc.call("/broadcast_tx_sync?tx=0xzz"), 400, "bad_parameter");
    expect(rpc.call("/broadcast_tx_sync?tx=AAAA"), 400, "malformed");
    expect(rpc.call("/tx?hash=zz"), 400, "bad_parameter");
    expect(rpc.call("/tx?hash=" + "ab".repeat(32)), 404, "tx_not_found");
    expect(rpc.call("/block?height=-5"), 400, "bad_parameter");
    expect(rpc.call("/block?height=0"), 400, "bad_parameter");
    expect(rpc.call("/block?height=99999999"), 404, "unknown_height");
    expect(rpc.call("/block?heigth=5"), 400, "unknown_parameter");
    expect(rpc.call("/blockchain?min=10&max=5"), 400, "bad_parameter");
    expect(rpc.call("/links?neuron=" + validator + "&from_height=-1"), 400, "bad_parameter");
    expect(rpc.call("/links?neuron=" + validator + "&particle=" + a), 400, "bad_parameter");
    expect(rpc.call("/links?neuron=cyber1notanaddress"), 400, "bad_parameter");
    expect(rpc.call("/links?particle=" + a + "&next=%21%21"), 400, "bad_parameter");
    expect(rpc.call("/rank/particle"), 400, "missing_parameter");
    expect(rpc.call("/rank/particle?cid=QmNope"), 400, "bad_parameter");
    expect(rpc.call("/rank/particle?cid=" + TestChain.cid(999)), 404, "unknown_particle");
    expect(rpc.call("/rank/particle?cid=" + a + "&height=1"), 404, "focus_not_kept");
    expect(rpc.call("/link?from=" + b + "&to=" + a), 404, "link_not_found");
    expect(rpc.call("/account?address=" + validator.toUpperCase().substring(0, 10) + validator.substring(10)),
        400, "bad_parameter");

    // replayed: a committed tx again
    String committedTx = rpcGet("/block?height=" + rpcGet("/links?neuron=" + validator)
        .at("/links/0/height").asLong()).at("/block/data/txs/0").asText();
    expect(rpc.post("/broadcast_tx_sync", body(committedTx)), 409, "already_seen");
    // badly signed: a valid tx with one signature bit flipped
    KeyPair bobKey = new NodeHome(home).keyring().get("bob").keys();
    byte[] good = TxBuilder.build(CHAIN, bobKey, bobSequence,
        List.of(TxBuilder.cyberlink(b, a)), "");
    io.cybergraph.proto.pb.TxRaw raw = io.cybergraph.proto.pb.TxRaw.parseFrom(good);
    byte[] signature = raw.getSignature().toByteArray();
    signature[10] ^= 1;
    byte[] forged = raw.toBuilder().setSignature(ByteString.copyFrom(signature)).build().toByteArray();
    expect(rpc.post("/broadcast_tx_sync", body(Base64.getEncoder().encodeToString(forged))),
        400, "bad_signature");
    byte[] otherChain = TxBuilder.build("other-chain", bobKey, bobSequence,
        List.of(TxBuilder.cyberlink(b, a)), "");
    expect(rpc.post("/broadcast_tx_sync", body(Base64.getEncoder().encodeToString(otherChain))),
        400, "wrong_chain_id");
    byte[] wrongSequence = TxBuilder.build(CHAIN, bobKey, bobSequence + 5,
        List.of(TxBuilder.cyberlink(b, a)), "");
    expect(rpc.post("/broadcast_tx_sync", body(Base64.getEncoder().encodeToString(wrongSequence))),
        400, "sequence_mismatch");
    byte[] selfLink = TxBuilder.build(CHAIN, bobKey, bobSequence,
        List.of(TxBuilder.cyberlink(a, a)), "");
    expect(rpc.post("/broadcast_tx_sync", body(Base64.getEncoder().encodeToString(selfLink))),
        400, "self_link");

    // nothing changed, even a block later
    awaitHeightRpc(rpcGet("/status").at("/sync_info/latest_block_height").asLong() + 1);
    JsonNode statsAfter = rpcGet("/graph/stats");
    assertEquals(statsBefore.get("links"), statsAfter.get("links"));
    assertEquals(statsBefore.get("particles"), statsAfter.get("particles"));
    assertEquals(validatorSequence, rpcGet("/account?address=" + validator).get("sequence").asLong());
    assertEquals(bobSequence, rpcGet("/account?address=" + bob).get("sequence").asLong());
    assertEquals(0, rpcGet("/num_unconfirmed_txs").get("n_txs").asInt());
  }

  /**
   * Two clients send links as fast as their commits come back; the node is killed with SIGKILL
   * while they do. Returns the latest height seen before the kill; {@code committed} gets every
   * tx the node reported committed (hash → height, index).
   */
  private long loadAndKill(NodeProcess node, String loader, Map<String, long[]> committed)
      throws Exception {
    await("loader's bandwidth", () -> rpcGet("/bandwidth?neuron=" + loader).get("available").asLong() > 200);
    KeyPair key = new NodeHome(home).keyring().get("loader").keys();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger particle = new AtomicInteger(10_000);
    Thread client = new Thread(() -> {
      try {
        long sequence = rpcGet("/account?address=" + loader).get("next_sequence").asLong();
        while (!stop.get()) {
          List<io.cybergraph.proto.pb.Link> links = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            links.add(TxBuilder.link(TestChain.cid(particle.incrementAndGet()),
                TestChain.cid(particle.incrementAndGet())));
          }
          byte[] tx = TxBuilder.build(CHAIN, key, sequence, List.of(TxBuilder.cyberlink(links)), "");
          Rpc.Answer answer = rpc.post("/broadcast_tx_commit",
              body(Base64.getEncoder().encodeToString(tx)));
          if (answer.status() != 200) {
            break;
          }
          committed.put(answer.body().get("hash").asText(),
              new long[] {answer.body().get("height").asLong(), answer.body().get("index").asLong()});
          sequence++;
        }
      } catch (Exception e) {
        // the node was killed under us
      }
    }, "load");
    client.setDaemon(true);
    client.start();
    await("some load committed", () -> committed.size() >= 6);
    long before = rpcGet("/status").at("/sync_info/latest_block_height").asLong();
    for (long h = 1; h <= before; h++) {
      blockHashes.add(rpcGet("/commit?height=" + h).at("/signed_header/commit/block_id/hash").asText());
    }
    focusBefore = rpcGet("/rank/particle?cid=" + b);
    assertEquals(137, node.kill9(), "SIGKILL exit code");
    stop.set(true);
    client.join(30_000);
    return before;
  }

  private void checkRestart(long before, Map<String, String> signed,
      Map<String, long[]> committed) throws Exception {
    // the same blocks: the restarted node serves the heights seen before with the same hashes
    for (long h = 1; h <= before; h++) {
      JsonNode commit = rpcGet("/commit?height=" + h);
      assertEquals(blockHashes.get((int) h - 1),
          commit.at("/signed_header/commit/block_id/hash").asText(), "block " + h);
      assertEquals(1, commit.at("/signed_header/commit/signatures").size());
    }
    // the same focus: the root seen before the kill is the one its header carries (made by the
    // restarted node if that header came after the kill)
    long headerBefore = focusBefore.get("header_height").asLong();
    awaitHeightRpc(headerBefore);
    assertEquals(focusBefore.get("rank_root").asText(),
        rpcGet("/block?height=" + headerBefore).at("/block/header/rank_root").asText());
    JsonNode stillKept = rpc.call("/rank/particle?cid=" + b + "&height="
        + focusBefore.get("height").asLong()).body();
    if (stillKept.has("focus")) {
      assertEquals(focusBefore.get("focus"), stillKept.get("focus"));
    }
    // no tx reported committed is lost
    assertFalse(committed.isEmpty());
    for (Map.Entry<String, long[]> e : committed.entrySet()) {
      JsonNode tx = rpcGet("/tx?hash=" + e.getKey());
      assertEquals(e.getValue()[0], tx.get("height").asLong(), "height of " + e.getKey());
      assertEquals(e.getValue()[1], tx.get("index").asLong(), "index of " + e.getKey());
    }
    // the height signed last before the kill carries exactly that signature
    long signedHeight = Long.parseLong(signed.get("height"));
    JsonNode vote = rpcGet("/commit?height=" + signedHeight).at("/signed_header/commit/signatures/0");
    byte[] signBytes = SignBytes.vote(voteOf(vote), CHAIN);
    assertEquals(signed.get("sign_bytes"), HEX.formatHex(signBytes),
        "the block at the signed height is the one signed before the kill");
    assertEquals(signed.get("signature"), vote.get("signature").asText());
    // focus and roots: the restarted node's focus proves against roots its headers carry
    JsonNode focus = rpcGet("/rank/particle?cid=" + b);
    assertTrue(focusProof(focus).verify(HEX.parseHex(focus.get("rank_root").asText())));
    long headerHeight = focus.get("header_height").asLong();
    awaitHeightRpc(headerHeight);
    assertEquals(focus.get("rank_root").asText(),
        rpcGet("/block?height=" + headerHeight).at("/block/header/rank_root").asText());
    JsonNode stats = rpcGet("/graph/stats");
    assertTrue(stats.get("links").asLong() >= 4 + 5L * committed.size());
  }

  // ---------------------------------------------------------------------------------------

  /** Free ports for RPC and metrics, quick blocks. */
  private void configure() throws Exception {
    NodeHome h = new NodeHome(home);
    NodeConfig config = ConfigLoader.load(h.configToml());
    int rpcPort = FreePort.any();
    metricsPort = FreePort.any();
    config.rpc.laddr = "127.0.0.1:" + rpcPort;
    config.metrics.laddr = "127.0.0.1:" + metricsPort;
    config.p2p.laddr = "127.0.0.1:" + FreePort.any();
    config.consensus.timeoutCommitMs = 300;
    config.rpc.broadcastCommitTimeoutMs = 20_000;
    ConfigLoader.write(config, h.configToml());
    rpc = new Rpc(rpcPort);
  }

  /** The signer's state file ({@code key=value} lines). */
  private static Map<String, String> signState(Path file) throws Exception {
    Map<String, String> fields = new java.util.HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    }
    assertEquals("3", fields.get("step"), "the producer signs precommits");
    return fields;
  }

  private String validatorAddress() throws Exception {
    JsonNode key = Rpc.JSON.readTree(home.resolve("config/priv_validator_key.json").toFile());
    return io.cybergraph.proto.crypto.Address.toBech32(HEX.parseHex(key.get("address").asText()));
  }

  /** Runs a CLI command in this JVM; returns stdout, failing on a non-zero exit. */
  private static String cli(String... args) {
    return Cli.run(args).ok().out();
  }

  private static JsonNode json(String text) throws Exception {
    return Rpc.JSON.readTree(text);
  }

  private JsonNode rpcGet(String path) throws Exception {
    return rpc.get(path);
  }

  private static byte[] body(String tx) {
    ObjectNode n = Rpc.JSON.createObjectNode();
    n.put("tx", tx);
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void expect(Rpc.Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.body().toString());
    assertEquals(code, answer.errorCode(), answer.body().toString());
    assertFalse(answer.body().path("error").path("message").asText().isEmpty());
  }

  private static List<byte[]> aunts(JsonNode proof) {
    List<byte[]> out = new ArrayList<>();
    for (JsonNode n : proof.get("aunts")) {
      out.add(HEX.parseHex(n.asText()));
    }
    return out;
  }

  private static FocusProof focusProof(JsonNode focus) {
    JsonNode p = focus.get("proof");
    return new FocusProof(p.get("index").asInt(), p.get("total").asInt(),
        Long.parseLong(focus.get("focus").asText()), focus.get("cid").asText(), aunts(p));
  }

  private static void assertDescendingFocus(JsonNode particles) {
    long previous = Long.MAX_VALUE;
    for (JsonNode p : particles) {
      long f = Long.parseLong(p.get("focus").asText());
      assertTrue(f <= previous, "ordered by focus: " + particles);
      previous = f;
    }
  }

  private static double metricValue(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError(name + " not in metrics");
  }

  /** The vote of a commit as JSON, back in protobuf (for its sign bytes). */
  private static Vote voteOf(JsonNode v) {
    Instant t = Instant.parse(v.get("timestamp").asText());
    return Vote.newBuilder()
        .setType(VoteType.VOTE_TYPE_PRECOMMIT)
        .setHeight(v.get("height").asLong())
        .setRound(v.get("round").asInt())
        .setBlockId(BlockID.newBuilder()
            .setHash(ByteString.copyFrom(HEX.parseHex(v.at("/block_id/hash").asText())))
            .setParts(PartSetHeader.newBuilder()
                .setTotal(v.at("/block_id/parts/total").asInt())
                .setHash(ByteString.copyFrom(HEX.parseHex(v.at("/block_id/parts/hash").asText())))))
        .setTimestampNs(t.getEpochSecond() * 1_000_000_000L + t.getNano())
        .build();
  }

  private void awaitHeight(NodeProcess node, long height) throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    while (true) {
      if (!node.alive()) {
        throw new AssertionError("node exited:\n" + node.log());
      }
      try {
        if (rpc.get("/status").at("/sync_info/latest_block_height").asLong() >= height) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("height " + height + " not reached:\n" + node.log());
      }
      Thread.sleep(50);
    }
  }

  private void awaitHeightRpc(long height) throws Exception {
    await("height " + height,
        () -> rpcGet("/status").at("/sync_info/latest_block_height").asLong() >= height);
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(String what, Check check) throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    while (!check.holds()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Addresses of keys that never transacted. */
  private static final class TestChainAddress {
    static String of(int i) {
      return io.cybergraph.proto.crypto.Address.toBech32(TestChain.key(i).address());
    }
  }
}
