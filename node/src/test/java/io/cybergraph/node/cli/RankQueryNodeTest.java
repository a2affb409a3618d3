package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.service.NodeService;
import io.cybergraph.node.service.SmallNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /rank/explain}, {@code /rank/context} and {@code /rank/search?order=context} on a real
 * node in this JVM (RocksDB in a temp dir, RPC over a socket), links made through the CLI.
 */
class RankQueryNodeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final String a = TestChain.cid(1);
  private final String b = TestChain.cid(2);
  private final String c = TestChain.cid(3);
  private final String d = TestChain.cid(4);

  @Test
  void explainAndContextOnTheLatestFocus() throws Exception {
    Path home = dir.resolve("home");
    // a cursor stays valid while its height is kept: lag_blocks + 1 heights (below), here
    // 11 blocks of ≥ 300 ms, ample for the two pages and the block committed between them
    // (with 100 ms blocks and the default lag of 2, a slow run saw its cursor expire)
    try (SmallNode small = SmallNode.start(home, "query-1", 300,
        genesis -> ((ObjectNode) genesis.get("rank")).put("lag_blocks", 10))) {
      NodeService node = small.service();
      int port = small.rpcPort();
      assertEquals(10, node.node().genesis().file().rank.lagBlocks);
      Map<String, JsonNode> txs = new HashMap<>();
      for (String[] pair : new String[][] {{a, b}, {a, c}, {b, c}, {c, d}}) {
        txs.put(pair[0] + pair[1], Cli.run("tx", "link", pair[0], pair[1], "--home",
            home.toString(), "--commit").ok().json());
      }
      long last = txs.get(c + d).get("height").asLong();
      String url = "http://127.0.0.1:" + port;
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (node.node().rank().latest().height() < last) {
        assertTrue(System.nanoTime() < deadline, "rank reached height " + last);
        Thread.sleep(10); // polling the rank thread's progress, with a deadline
      }

      // explain: every link with its neuron, weight, height and tx hash from the store
      HttpResponse<String> r = get(url + "/rank/explain?cid=" + c + "&top=10");
      assertEquals(200, r.statusCode(), r.body());
      JsonNode e = JSON.readTree(r.body());
      assertEquals(c, e.get("cid").asText());
      assertTrue(e.get("height").asLong() >= last);
      assertTrue(Long.parseLong(e.get("focus").asText()) > 0);
      assertEquals(4, e.get("links").size(), e.toString());
      String validator = txs.get(a + b).get("signer") != null
          ? txs.get(a + b).get("signer").asText() : null;
      for (JsonNode l : e.get("links")) {
        JsonNode tx = txs.get(l.get("from").asText() + l.get("to").asText());
        assertEquals(tx.get("height").asLong(), l.get("height").asLong(), l.toString());
        assertEquals(tx.get("hash").asText().toLowerCase(), l.get("tx_hash").asText(), l.toString());
        assertTrue(l.get("neuron").asText().startsWith("cyber1"));
        if (validator != null) {
          assertEquals(validator, l.get("neuron").asText());
        }
        assertTrue(Long.parseLong(l.get("weight").asText()) > 0);
        assertTrue(l.get("attribution").isNumber());
      }
      // the link into c supports it
      boolean supported = false;
      for (JsonNode l : e.get("links")) {
        if (l.get("to").asText().equals(c) && l.get("attribution").asDouble() > 0) {
          supported = true;
        }
      }
      assertTrue(supported, e.toString());
      assertEquals(1, e.get("neurons").size());

      // unknown particle: 404; a bad top: 400
      HttpResponse<String> unknown = get(url + "/rank/explain?cid=" + TestChain.cid(99));
      assertEquals(404, unknown.statusCode());
      assertTrue(unknown.body().contains("unknown_particle"), unknown.body());
      assertEquals(404, get(url + "/rank/context?cid=" + TestChain.cid(99)).statusCode());
      assertEquals(400, get(url + "/rank/explain?cid=" + c + "&top=0").statusCode());

      // context of a: a first, then what it reaches
      JsonNode ctx = JSON.readTree(get(url + "/rank/context?cid=" + a + "&top=3").body());
      assertEquals(a, ctx.get("cid").asText());
      assertEquals(3, ctx.get("focus").size());
      assertTrue(ctx.get("error_bound").asDouble() <= 1e-4);
      double sum = 0;
      for (JsonNode row : ctx.get("focus")) {
        sum += row.get(1).asDouble();
      }
      assertTrue(sum <= 1 + 1e-9);

      // search by context: a's out-neighbours b and c, with their context values
      JsonNode search = JSON.readTree(get(url + "/rank/search?cid=" + a + "&order=context").body());
      assertEquals("context", search.get("order").asText());
      assertEquals(2, search.get("particles").size());
      double first = search.at("/particles/0/context").asDouble();
      double second = search.at("/particles/1/context").asDouble();
      assertTrue(first >= second && second > 0, search.toString());
      assertEquals(400, get(url + "/rank/search?cid=" + a + "&order=magic").statusCode());

      // the CLI reaches the same endpoints
      JsonNode viaCli = Cli.run("query", "explain", c, "--top", "2", "--node", url, "--home",
          home.toString()).ok().json();
      assertEquals(2, viaCli.get("links").size());
      JsonNode ctxCli = Cli.run("query", "context", a, "--node", url, "--home",
          home.toString()).ok().json();
      assertEquals(a, ctxCli.get("cid").asText());

      // a cursor pins its height: a link a -> d committed between two pages (d existed
      // already) is not on page 2, which ends the walk over b and c
      JsonNode page1 = JSON.readTree(get(url + "/rank/search?cid=" + a + "&limit=1").body());
      assertEquals(1, page1.get("particles").size(), page1.toString());
      assertFalse(page1.get("truncated").asBoolean());
      String cursor = page1.get("next").asText();
      long linked = Cli.run("tx", "link", a, d, "--home", home.toString(), "--commit").ok().json()
          .get("height").asLong();
      while (node.node().rank().latest().height() < linked) {
        assertTrue(System.nanoTime() < deadline, "rank reached height " + linked);
        Thread.sleep(10); // polling the rank thread's progress, with a deadline
      }
      JsonNode page2 = JSON.readTree(
          get(url + "/rank/search?cid=" + a + "&limit=1&next=" + cursor).body());
      assertEquals(page1.get("height").asLong(), page2.get("height").asLong());
      assertEquals(1, page2.get("particles").size(), page2.toString());
      assertTrue(page2.get("next").isNull(), page2.toString());
      java.util.Set<String> walked = java.util.Set.of(
          page1.at("/particles/0/cid").asText(), page2.at("/particles/0/cid").asText());
      assertEquals(java.util.Set.of(b, c), walked);
      // a new walk sees d
      assertEquals(3, JSON.readTree(get(url + "/rank/search?cid=" + a).body())
          .get("particles").size());

      // a cursor outlives the pipeline's kept heights (lag + 1): its snapshot is held for it,
      // so a person paging by hand is not told 410 between two pages
      JsonNode top1 = JSON.readTree(get(url + "/rank/top?limit=1").body());
      long pinnedHeight = top1.get("height").asLong();
      while (node.node().rank().earliestKept() <= pinnedHeight) {
        assertTrue(System.nanoTime() < deadline, "the pipeline let height " + pinnedHeight + " go");
        Thread.sleep(10); // polling the rank thread's progress, with a deadline
      }
      HttpResponse<String> top2 =
          get(url + "/rank/top?limit=1&next=" + top1.get("next").asText());
      assertEquals(200, top2.statusCode(), top2.body());
      assertEquals(pinnedHeight, JSON.readTree(top2.body()).get("height").asLong());
    }
  }

  private static HttpResponse<String> get(String uri) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
