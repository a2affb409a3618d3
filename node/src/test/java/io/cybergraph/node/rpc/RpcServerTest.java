package io.cybergraph.node.rpc;

import static io.cybergraph.node.rpc.RpcTestClient.assertError;
import static io.cybergraph.node.rpc.RpcTestClient.assertErrorBody;
import static io.cybergraph.node.rpc.RpcTestClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.node.app.tx.Refusal;
import io.cybergraph.node.app.tx.RefusalCode;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import java.io.InputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The framework over real sockets, with test routes built on the parameter helpers. */
class RpcServerTest {

  static final int MAX_BODY = 4096;
  static final int MAX_PAGE = 50;
  static final String ADDRESS_HEX = "00112233445566778899aabbccddeeff00112233";
  static final String CID_V0 = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG";

  static RpcServer server;
  static RpcTestClient client;
  static final CountDownLatch release = new CountDownLatch(1);
  static final CountDownLatch blocked = new CountDownLatch(1);
  /** The answer of /held, completed by the test that holds it. */
  static volatile CompletableFuture<Object> held = new CompletableFuture<>();

  @BeforeAll
  static void start() {
    RpcRoutes routes = new RpcRoutes();
    routes.register(RpcEndpoint.HEALTH, new HealthHandler());
    routes.register("/height", Set.of("GET"), List.of("height"),
        r -> java.util.Map.of("height", Params.height(r, "height")));
    routes.register("/params", Set.of("GET"),
        List.of("height", "hash", "address", "cid", "limit", "next", "flag", "direction"),
        RpcServerTest::typedParams);
    routes.register("/tx", Set.of("GET", "POST"), List.of("tx"),
        r -> java.util.Map.of("tx_hex", HexFormat.of().formatHex(Params.tx(r))));
    routes.register("/body", Set.of("POST"), List.of(), r -> r.bodyAs(Sample.class));
    routes.register("/boom", Set.of("GET"), List.of(), r -> {
      throw new IllegalStateException("secret detail of a bug");
    });
    routes.register("/async", Set.of("GET"), List.of("fail"), r -> {
      CompletableFuture<Object> answer = new CompletableFuture<>();
      boolean fail = Params.flag(r, "fail", false);
      new Thread(() -> {
        if (fail) {
          answer.completeExceptionally(RpcException.notFound("tx_not_found", "no tx abc"));
        } else {
          answer.complete(java.util.Map.of("done", true));
        }
      }).start();
      return answer;
    });
    routes.register("/held", Set.of("GET"), List.of(), r -> held);
    routes.register("/blocked", Set.of("GET"), List.of(), r -> {
      blocked.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return java.util.Map.of("released", true);
    });
    routes.register("/record", Set.of("GET"), List.of(), r -> new Sample("x", 1L << 60));
    routes.register("/refuse", Set.of("GET"), List.of("code"), r -> {
      RefusalCode code = RefusalCode.valueOf(Params.required(r, "code"));
      throw TxRefusals.toRpcException(
          Refusal.of(code, "refused for a test", "expected", 5, "got", 8));
    });
    NodeConfig.RpcSection rpc = new NodeConfig.RpcSection();
    rpc.laddr = "127.0.0.1:0";
    rpc.maxBodyBytes = MAX_BODY;
    rpc.maxRequestsPerSecond = 1_000_000;
    server = new RpcServer(RpcServer.Settings.from(rpc), routes);
    server.start();
    client = new RpcTestClient(server.port());
  }

  @AfterAll
  static void stop() {
    release.countDown();
    server.close();
  }

  /** A body shape for the strict-body tests; camelCase components are snake_case in JSON. */
  record Sample(String name, long itemCount) {}

  static Object typedParams(RpcRequest r) {
    ObjectNode out = RpcJson.object();
    if (r.param("height") != null) {
      out.put("height", Params.height(r, "height"));
    }
    if (r.param("hash") != null) {
      out.put("hash", HexFormat.of().formatHex(Params.hash(r, "hash")));
    }
    if (r.param("address") != null) {
      out.put("address", HexFormat.of().formatHex(Params.address(r, "address")));
    }
    if (r.param("cid") != null) {
      out.put("cid_v1", Params.cid(r, "cid").toV1String());
    }
    out.put("limit", Params.limit(r, MAX_PAGE));
    byte[] cursor = Params.cursor(r);
    out.put("next", cursor == null ? null : HexFormat.of().formatHex(cursor));
    out.put("flag", Params.flag(r, "flag", false));
    out.put("direction", Params.choice(r, "direction", "out", "out", "in"));
    return out;
  }

  @Test
  void healthAnswersJson() throws Exception {
    HttpResponse<String> response = client.get("/health");
    assertEquals(200, response.statusCode());
    assertEquals("application/json; charset=utf-8",
        response.headers().firstValue("content-type").orElseThrow());
    assertEquals("ok", json(response).get("status").asText());
  }

  @Test
  void rootListsEndpoints() throws Exception {
    JsonNode endpoints = json(client.get("/")).get("endpoints");
    assertTrue(endpoints.toString().contains("\"/health\""));
    assertTrue(endpoints.toString().contains("\"/params\""));
  }

  @Test
  void unknownPathIs404() throws Exception {
    assertError(client.get("/nope?x=1"), 404, "not_found", "/nope");
    assertError(client.get("/health/"), 404, "not_found", "/health/");
  }

  @Test
  void wrongMethodIs405WithAllow() throws Exception {
    HttpResponse<String> response = client.post("/health", "{}");
    assertError(response, 405, "method_not_allowed", "/health answers GET, not \"POST\"");
    assertEquals("GET", response.headers().firstValue("allow").orElseThrow());
    HttpResponse<String> get = client.get("/body");
    assertError(get, 405, "method_not_allowed", "POST");
    assertEquals("POST", get.headers().firstValue("allow").orElseThrow());
  }

  @Test
  void unknownOrRepeatedParameterIs400() throws Exception {
    assertError(client.get("/height?heigth=5"), 400, "unknown_parameter",
        "\"heigth\" is not a parameter of /height (accepted: height)");
    assertError(client.get("/health?verbose=1"), 400, "unknown_parameter", "takes none");
    assertError(client.get("/height?height=1&height=2"), 400, "bad_parameter",
        "height: given 2 times");
  }

  @Test
  void heights() throws Exception {
    assertEquals(5, json(client.get("/height?height=5")).get("height").asLong());
    assertEquals(7, json(client.get("/height?height=007")).get("height").asLong());
    assertEquals(Long.MAX_VALUE,
        json(client.get("/height?height=9223372036854775807")).get("height").asLong());
    assertError(client.get("/height"), 400, "missing_parameter", "height: required");
    assertError(client.get("/height?height="), 400, "missing_parameter", "height: required");
    assertError(client.get("/height?height=-1"), 400, "bad_parameter", "height: must not be negative");
    assertError(client.get("/height?height=0"), 400, "bad_parameter", "height: must be >= 1");
    assertError(client.get("/height?height=abc"), 400, "bad_parameter",
        "height: must be a decimal integer, got \"abc\"");
    assertError(client.get("/height?height=1.5"), 400, "bad_parameter", "height: must be a decimal");
    assertError(client.get("/height?height=%2B5"), 400, "bad_parameter", "height: must be a decimal");
    assertError(client.get("/height?height=9223372036854775808"), 400, "bad_parameter",
        "height: too large");
    assertError(client.get("/height?height=99999999999999999999999"), 400, "bad_parameter",
        "height: too large");
  }

  @Test
  void hashes() throws Exception {
    String hex = HexFormat.of().formatHex(Hashes.sha256("x".getBytes(StandardCharsets.UTF_8)));
    assertEquals(hex, json(client.get("/params?hash=" + hex)).get("hash").asText());
    assertEquals(hex, json(client.get("/params?hash=0x" + hex.toUpperCase())).get("hash").asText());
    assertError(client.get("/params?hash=abc"), 400, "bad_parameter",
        "hash: hex must have an even number of digits");
    assertError(client.get("/params?hash=zz" + hex.substring(2)), 400, "bad_parameter", "hash: not hex");
    assertError(client.get("/params?hash=" + hex + "00"), 400, "bad_parameter",
        "hash: must be 32 bytes (64 hex characters), got 33 bytes");
  }

  @Test
  void addresses() throws Exception {
    String bech32 = Address.toBech32(HexFormat.of().parseHex(ADDRESS_HEX));
    assertEquals(ADDRESS_HEX, json(client.get("/params?address=" + bech32)).get("address").asText());
    String broken = bech32.substring(0, bech32.length() - 1)
        + (bech32.endsWith("q") ? "p" : "q");
    assertError(client.get("/params?address=" + broken), 400, "bad_parameter",
        "address: invalid address");
    assertError(client.get("/params?address=cosmos1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a"), 400,
        "bad_parameter", "address:");
  }

  @Test
  void cids() throws Exception {
    JsonNode ok = json(client.get("/params?cid=" + CID_V0));
    assertTrue(ok.get("cid_v1").asText().startsWith("bafy"));
    assertError(client.get("/params?cid=QmNotACid"), 400, "bad_parameter", "cid: invalid CID \"QmNotACid\"");
    assertError(client.get("/params?cid=zdj7Wh"), 400, "bad_parameter", "multibase 'z'");
    assertError(client.get("/params?cid=" + "b".repeat(200)), 400, "bad_parameter", "too long");
  }

  @Test
  void limitsAndCursors() throws Exception {
    assertEquals(Params.DEFAULT_PAGE_SIZE, json(client.get("/params")).get("limit").asInt());
    assertEquals(MAX_PAGE, json(client.get("/params?limit=" + MAX_PAGE)).get("limit").asInt());
    assertError(client.get("/params?limit=0"), 400, "bad_parameter", "limit: must be 1..50");
    assertError(client.get("/params?limit=51"), 400, "bad_parameter", "limit: must be 1..50");
    assertError(client.get("/params?limit=ten"), 400, "bad_parameter", "limit: must be a decimal");
    String cursor = PageCursor.encode(new byte[] {0, 0, 0, 0, 0, 0, 1, 2});
    assertEquals("0000000000000102",
        json(client.get("/params?next=" + cursor)).get("next").asText());
    assertTrue(json(client.get("/params")).get("next").isNull());
    assertError(client.get("/params?next=***"), 400, "bad_parameter", "next: not a cursor");
    assertError(client.get("/params?next=" + "A".repeat(300)), 400, "bad_parameter", "next:");
  }

  @Test
  void flagsAndChoices() throws Exception {
    JsonNode ok = json(client.get("/params?flag=true&direction=in"));
    assertTrue(ok.get("flag").asBoolean());
    assertEquals("in", ok.get("direction").asText());
    assertEquals("out", json(client.get("/params")).get("direction").asText());
    assertError(client.get("/params?flag=yes"), 400, "bad_parameter", "flag: must be true or false");
    assertError(client.get("/params?direction=up"), 400, "bad_parameter",
        "direction: must be one of out, in, got \"up\"");
  }

  @Test
  void transactionsByGetAndPost() throws Exception {
    byte[] tx = new byte[] {(byte) 0xfb, (byte) 0xef, 0x01, 0x02, (byte) 0xff};
    String hex = HexFormat.of().formatHex(tx);
    String base64 = Base64.getEncoder().encodeToString(tx); // "++8BAv8=" has '+'
    assertTrue(base64.contains("+"));
    String encoded = URLEncoder.encode(base64, StandardCharsets.UTF_8);
    assertEquals(hex, json(client.get("/tx?tx=" + encoded)).get("tx_hex").asText());
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(tx);
    assertEquals(hex, json(client.get("/tx?tx=" + urlSafe)).get("tx_hex").asText());
    assertEquals(hex, json(client.get("/tx?tx=0x" + hex)).get("tx_hex").asText());
    assertError(client.get("/tx?tx=" + base64.replace("=", "")), 400, "bad_parameter",
        "percent-encode it (%2B)");
    assertError(client.get("/tx?tx=%21%21%21"), 400, "bad_parameter", "tx: not base64");
    assertError(client.get("/tx?tx=0xabc"), 400, "bad_parameter", "tx: hex must have an even");
    assertError(client.get("/tx?tx=0xgg"), 400, "bad_parameter", "tx: not hex");
    assertError(client.get("/tx"), 400, "missing_parameter", "tx");

    assertEquals(hex, json(client.post("/tx", "{\"tx\":\"" + base64 + "\"}")).get("tx_hex").asText());
    assertEquals(hex, json(client.post("/tx", "{\"tx\":\"0x" + hex + "\"}")).get("tx_hex").asText());
    assertError(client.post("/tx", "{\"tx\":\"" + base64 + "\",\"mode\":\"sync\"}"), 400,
        "unknown_field", "body: unknown field \"mode\" (known: tx)");
    assertError(client.post("/tx", "{\"tx\": \"AAAA\""), 400, "bad_json", "body is not valid JSON");
    assertError(client.post("/tx", "{\"tx\": 5}"), 400, "bad_json", "body: tx: expected a string");
    assertError(client.post("/tx", "{} {}"), 400, "bad_json", "body");
    assertError(client.post("/tx", "null"), 400, "bad_json", "body");
    assertError(client.post("/tx", "{}"), 400, "missing_parameter", "tx: required in the JSON body");
    assertError(client.post("/tx", ""), 400, "missing_body", "body");
    assertError(client.post("/tx?tx=AAAA", "{\"tx\":\"AAAA\"}"), 400, "bad_parameter", "not both");
  }

  @Test
  void strictBodies() throws Exception {
    JsonNode ok = json(client.post("/body", "{\"name\":\"a\",\"item_count\":3}"));
    assertEquals(3, ok.get("item_count").asInt());
    assertError(client.post("/body", "{\"name\":\"a\",\"item_count\":3,\"itemCount\":3}"), 400,
        "unknown_field", "body: unknown field \"itemCount\" (known: item_count, name)");
    assertError(client.post("/body", "{\"name\":\"a\",\"item_count\":null}"), 400, "bad_json",
        "body: item_count: expected an integer");
    assertError(client.post("/body", "{\"name\":\"a\",\"item_count\":\"3\"}"), 400, "bad_json",
        "body: item_count: expected an integer");
    assertError(client.post("/body", "{\"name\":true,\"item_count\":3}"), 400, "bad_json",
        "body: name: expected a string");
    assertError(client.post("/body", "[1,2]"), 400, "bad_json", "body: expected an object");
    assertError(client.post("/body", "\u0000\u0001garbage"), 400, "bad_json", "body");
  }

  @Test
  void bodyErrorsSayWhatIsWrongInTheClientsWords() throws Exception {
    assertEquals("body: \"tx\" given twice",
        errorMessage(client.post("/tx", "{\"tx\":\"AAAA\",\"tx\":\"BBBB\"}"), "bad_json"));
    assertEquals("body: \"name\" given twice",
        errorMessage(client.post("/body", "{\"name\":\"a\",\"item_count\":3,\"name\":\"b\"}"),
            "bad_json"));
    assertEquals("body: unexpected data after the JSON object",
        errorMessage(client.post("/tx", "{\"tx\":\"AAAA\"}{\"tx\":\"AAAA\"}"), "bad_json"));
    String unclosed = errorMessage(client.post("/tx", "{\n  \"tx\": \"AAAA\""), "bad_json");
    assertTrue(unclosed.startsWith("body is not valid JSON: Unexpected end-of-input"), unclosed);
    assertTrue(unclosed.endsWith("(line 2, column 15)"), unclosed);
    assertTrue(!unclosed.contains("Source"), unclosed);
    String bad = errorMessage(client.post("/tx", "{\"tx\": AAAA}"), "bad_json");
    assertTrue(bad.contains("Unrecognized token 'AAAA'") && bad.endsWith("(line 1, column 8)"), bad);
  }

  private static String errorMessage(HttpResponse<String> response, String code) throws Exception {
    JsonNode error = assertError(response, 400, code, "body");
    assertTrue(!error.toString().contains("$") && !error.toString().contains("io.cybergraph"),
        error.toString());
    return error.get("message").asText();
  }

  @Test
  void recordsAreWrittenInSnakeCase() throws Exception {
    JsonNode answer = json(client.get("/record"));
    assertEquals("x", answer.get("name").asText());
    assertEquals(1L << 60, answer.get("item_count").asLong());
  }

  @Test
  void refusalsCarryTheirCodeStatusAndDetails() throws Exception {
    for (RefusalCode code : RefusalCode.values()) {
      HttpResponse<String> response = client.get("/refuse?code=" + code.name());
      int expected = switch (code) {
        case ALREADY_IN_MEMPOOL, ALREADY_SEEN -> 409;
        case MEMPOOL_FULL -> 503;
        default -> 400;
      };
      assertEquals(expected, response.statusCode(), code.name());
      JsonNode error = json(response).get("error");
      assertEquals(code.name().toLowerCase(java.util.Locale.ROOT), error.get("code").asText());
      assertEquals("refused for a test", error.get("message").asText());
      assertEquals("{\"expected\":\"5\",\"got\":\"8\"}", error.get("details").toString());
    }
  }

  @Test
  void hugeBodyIs413AndTheConnectionLivesOn() throws Exception {
    String huge = "{\"tx\":\"" + "A".repeat(MAX_BODY) + "\"}";
    assertError(client.post("/tx", huge), 413, "body_too_large", "exceeds 4096 bytes");
    // chunked, no length announced: the limit is found while reading
    byte[] bytes = huge.repeat(10).getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> chunked = client.post("/tx",
        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)));
    assertError(chunked, 413, "body_too_large", "rpc.max_body_bytes");
    assertEquals(200, client.get("/health").statusCode());
  }

  @Test
  void aClientStillStreamingItsBodyAfterThe413IsNotReset() throws Exception {
    try (Socket socket = client.socket()) {
      String chunk = Integer.toHexString(8192) + "\r\n" + "A".repeat(8192) + "\r\n";
      RpcTestClient.send(
          socket, "POST /tx HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk);
      RpcTestClient.RawResponse response = RpcTestClient.read(socket.getInputStream());
      assertEquals(413, response.status());
      assertEquals("close", response.headers().get("connection"));
      // A client that writes its whole body before reading goes on sending after our answer.
      // Closing with its bytes unread would reset the connection (and can destroy the 413 in
      // its receive buffer); the server reads and throws them away until the client is done.
      for (int i = 0; i < 128; i++) {
        RpcTestClient.send(socket, chunk);
      }
      RpcTestClient.send(socket, "0\r\n\r\n");
      socket.shutdownOutput();
      assertEquals(-1, socket.getInputStream().read(), "the server closes after the client");
    }
  }

  @Test
  void a413TakesItsTurnBehindEarlierPipelinedRequests() throws Exception {
    held = new CompletableFuture<>();
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket, "GET /held HTTP/1.1\r\nHost: x\r\n\r\n"
          + "POST /tx HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
      InputStream in = socket.getInputStream();
      // while /held is unanswered nothing may come back (the 413 once came at once); the
      // wait is for an absence, so it is bounded, and it ends early only on the failure
      long deadline = System.nanoTime() + 500_000_000L;
      while (in.available() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5); // polling for an answer that must not come, with a deadline
      }
      held.complete(java.util.Map.of("held", true));
      RpcTestClient.RawResponse first = RpcTestClient.read(in);
      assertEquals(200, first.status(), first.body());
      assertEquals("{\"held\":true}", first.body());
      RpcTestClient.RawResponse second = RpcTestClient.read(in);
      assertEquals(413, second.status());
      assertErrorBody(second.body(), "body_too_large", "4096");
    }
  }

  @Test
  void hugeBodyOnRawSocketGets413() throws Exception {
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket, "POST /tx HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
      RpcTestClient.RawResponse response = RpcTestClient.read(socket.getInputStream());
      assertEquals(413, response.status());
      assertErrorBody(response.body(), "body_too_large", "4096");
    }
  }

  @Test
  void expectContinueWithAnOversizedBodyIsAJson413() throws Exception {
    // curl sends Expect: 100-continue for bodies over 1 MiB; the 413 was empty
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket, "POST /tx HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
          + "Content-Length: 100000\r\n\r\n");
      InputStream in = socket.getInputStream();
      RpcTestClient.RawResponse response = RpcTestClient.read(in);
      assertError(response, 413, "body_too_large", "rpc.max_body_bytes");
      // closed: a client that sends its body anyway must not have it read as requests (a
      // "body" of GET /health was answered 200, a request smuggled past any proxy)
      assertEquals("close", response.headers().get("connection"));
      RpcTestClient.send(socket, "GET /height?height=4 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertNull(RpcTestClient.read(in), "nothing after the 413 is read as a request");
    }
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket, "POST /tx HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
          + "Connection: close\r\nContent-Length: 100000\r\n\r\n");
      InputStream in = socket.getInputStream();
      RpcTestClient.RawResponse response = RpcTestClient.read(in);
      assertError(response, 413, "body_too_large", "4096");
      assertEquals("close", response.headers().get("connection"));
      assertNull(RpcTestClient.read(in));
    }
  }

  @Test
  void expectContinueWithABodyThatFitsGets100ThenTheAnswer() throws Exception {
    try (Socket socket = client.socket()) {
      String body = "{\"tx\":\"AAAA\"}";
      RpcTestClient.send(socket, "POST /tx HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n");
      InputStream in = socket.getInputStream();
      assertEquals(100, RpcTestClient.read(in).status());
      RpcTestClient.send(socket, body);
      assertEquals("{\"tx_hex\":\"000000\"}", RpcTestClient.read(in).body());
    }
  }

  @Test
  void anUnsupportedExpectationIsAJson417ThatHonoursKeepAliveAndClose() throws Exception {
    try (Socket socket = client.socket()) {
      // a client that expects something else does not wait: its body comes and is skipped
      RpcTestClient.send(socket, "POST /tx HTTP/1.1\r\nHost: x\r\nExpect: foo\r\n"
          + "Content-Length: 13\r\n\r\n{\"tx\":\"AAAA\"}");
      InputStream in = socket.getInputStream();
      RpcTestClient.RawResponse response = RpcTestClient.read(in);
      assertError(response, 417, "expectation_failed", "\"foo\"");
      assertEquals("keep-alive", response.headers().get("connection"));
      RpcTestClient.send(socket, "GET /height?height=5 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals("{\"height\":5}", RpcTestClient.read(in).body());
    }
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket, "GET /health HTTP/1.1\r\nHost: x\r\nExpect: foo\r\n"
          + "Connection: close\r\n\r\n");
      InputStream in = socket.getInputStream();
      RpcTestClient.RawResponse response = RpcTestClient.read(in);
      assertError(response, 417, "expectation_failed", "100-continue");
      assertEquals("close", response.headers().get("connection"));
      assertNull(RpcTestClient.read(in));
    }
  }

  @Test
  void bugsAre500WithoutDetails() throws Exception {
    HttpResponse<String> response = client.get("/boom");
    JsonNode error = assertError(response, 500, "internal", "internal error");
    assertTrue(!error.toString().contains("secret"));
  }

  @Test
  void asynchronousHandlers() throws Exception {
    assertTrue(json(client.get("/async")).get("done").asBoolean());
    assertError(client.get("/async?fail=true"), 404, "tx_not_found", "no tx abc");
  }

  @Test
  void aBlockedHandlerDoesNotBlockOthers() throws Exception {
    CompletableFuture<HttpResponse<String>> slow =
        CompletableFuture.supplyAsync(() -> {
          try {
            return client.get("/blocked");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertTrue(blocked.await(20, TimeUnit.SECONDS));
    assertEquals(200, client.get("/health").statusCode());
    release.countDown();
    assertTrue(json(slow.get(20, TimeUnit.SECONDS)).get("released").asBoolean());
  }

  @Test
  void malformedHttpIs400AndClosed() throws Exception {
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket, "GARBAGE\r\n\r\n");
      InputStream in = socket.getInputStream();
      RpcTestClient.RawResponse response = RpcTestClient.read(in);
      assertEquals(400, response.status());
      assertErrorBody(response.body(), "bad_request", "malformed HTTP request");
      assertEquals("close", response.headers().get("connection"));
      assertNull(RpcTestClient.read(in));
    }
  }

  @Test
  void malformedPercentEncodingIs400() throws Exception {
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket, "GET /height?height=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
      RpcTestClient.RawResponse response = RpcTestClient.read(socket.getInputStream());
      assertEquals(400, response.status());
      assertErrorBody(response.body(), "bad_request", "malformed URL");
    }
  }

  @Test
  void malformedPercentEncodingInThePathIs400InOrderAndTheConnectionLivesOn() throws Exception {
    // the path is decoded apart from the parameters: it once escaped the 400 and, pipelined
    // behind another request, left the connection waiting forever with its slot taken
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /bl%zzock HTTP/1.1\r\nHost: x\r\n\r\n");
      InputStream in = socket.getInputStream();
      assertEquals(200, RpcTestClient.read(in).status());
      RpcTestClient.RawResponse bad = RpcTestClient.read(in);
      assertEquals(400, bad.status());
      assertErrorBody(bad.body(), "bad_request", "malformed URL");
      RpcTestClient.send(socket, "GET /height?height=2 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals("{\"height\":2}", RpcTestClient.read(in).body());
    }
  }

  @Test
  void pathsAreRoutedAsSentNotPercentDecoded() throws Exception {
    // decoded first, these were /health and /height: a proxy rule on a path was bypassed
    assertError(rawGet("/%68ealth"), 404, "not_found", "no endpoint \"/%68ealth\"");
    assertError(rawGet("/heigh%74?height=1"), 404, "not_found", "\"/heigh%74\"");
    for (String escape : new String[] {"%2F", "%2f", "%00"}) {
      assertError(rawGet("/rank" + escape + "explain"), 400, "bad_request", escape);
    }
    assertEquals(200, rawGet("/health").status());
  }

  @Test
  void pathBytesAreReadAsUtf8() throws Exception {
    byte[] utf8 = "/é".getBytes(StandardCharsets.UTF_8);
    assertError(rawGet(utf8), 404, "not_found", "no endpoint \"/é\"");
    assertError(rawGet(new byte[] {'/', (byte) 0xff, (byte) 0xfe}), 400, "bad_request",
        "the path is not valid UTF-8");
  }

  @Test
  void rawQueryBytesAreReadAsUtf8LikeTheirEscapes() throws Exception {
    assertError(rawGet("/height?%C3%A9=1"), 400, "unknown_parameter", "\"é\" is not a parameter");
    assertError(rawGet("/height?é=1".getBytes(StandardCharsets.UTF_8)), 400, "unknown_parameter",
        "\"é\" is not a parameter");
  }

  private static RpcTestClient.RawResponse rawGet(String path) throws Exception {
    return rawGet(path.getBytes(StandardCharsets.US_ASCII));
  }

  /** A GET with the path's bytes as given (java.net.http would encode them). */
  private static RpcTestClient.RawResponse rawGet(byte[] path) throws Exception {
    try (Socket socket = client.socket()) {
      java.io.OutputStream out = socket.getOutputStream();
      out.write("GET ".getBytes(StandardCharsets.US_ASCII));
      out.write(path);
      out.write(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return RpcTestClient.read(socket.getInputStream());
    }
  }

  @Test
  void tooLongUrlIs414() throws Exception {
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket, "GET /tx?tx=" + "A".repeat(RpcServer.MAX_LINE_BYTES + 10)
          + " HTTP/1.1\r\nHost: x\r\n\r\n");
      RpcTestClient.RawResponse response = RpcTestClient.read(socket.getInputStream());
      assertEquals(414, response.status());
      assertErrorBody(response.body(), "uri_too_long", "use POST");
    }
  }

  @Test
  void keepAliveAndPipeliningAnswerInOrder() throws Exception {
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket,
          "GET /height?height=1 HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /async HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /height?height=3 HTTP/1.1\r\nHost: x\r\n\r\n");
      InputStream in = socket.getInputStream();
      assertEquals("{\"height\":1}", RpcTestClient.read(in).body());
      assertEquals("{\"done\":true}", RpcTestClient.read(in).body());
      assertEquals("{\"height\":3}", RpcTestClient.read(in).body());
      // still open: one more request on the same connection
      RpcTestClient.send(socket, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      RpcTestClient.RawResponse last = RpcTestClient.read(in);
      assertEquals(200, last.status());
      assertEquals("close", last.headers().get("connection"));
      assertNull(RpcTestClient.read(in));
    }
  }

  @Test
  void pipeliningPastTheLimitAnswersEveryRequestBeforeItThen503() throws Exception {
    held = new CompletableFuture<>();
    try (Socket socket = client.socket()) {
      InputStream in = socket.getInputStream();
      // a first request larger than a fresh connection's first read (2 KiB) makes the server
      // read more at a time, so that the burst below arrives in one read and is decoded at once
      RpcTestClient.send(socket,
          "GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + "x".repeat(8000) + "\r\n\r\n");
      assertEquals(200, RpcTestClient.read(in).status());
      // 200 requests, all read while the first is held: past Netty's 128 the connection was
      // dropped without a single answer
      StringBuilder burst = new StringBuilder("GET /held HTTP/1.1\r\n\r\n");
      for (int i = 1; i < 200; i++) {
        burst.append("GET /health HTTP/1.1\r\n\r\n");
      }
      RpcTestClient.send(socket, burst.toString());
      held.complete(java.util.Map.of("held", true));
      RpcTestClient.RawResponse first = RpcTestClient.read(in);
      assertEquals("{\"held\":true}", first == null ? "connection closed" : first.body());
      for (int i = 1; i < RequestHandler.MAX_PIPELINED; i++) {
        RpcTestClient.RawResponse answer = RpcTestClient.read(in);
        assertEquals(200, answer == null ? 0 : answer.status(), "answer " + i);
      }
      RpcTestClient.RawResponse refused = RpcTestClient.read(in);
      assertError(refused, 503, "too_many_pipelined_requests", "more than 64 requests");
      assertEquals("close", refused.headers().get("connection"));
      assertNull(RpcTestClient.read(in));
    }
  }

  @Test
  void http10ClosesAfterTheAnswer() throws Exception {
    try (Socket socket = client.socket()) {
      RpcTestClient.send(socket, "GET /health HTTP/1.0\r\n\r\n");
      InputStream in = socket.getInputStream();
      assertEquals(200, RpcTestClient.read(in).status());
      assertNull(RpcTestClient.read(in));
    }
  }
}
