package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.service.NodeService;
import io.cybergraph.p2p.NodeKey;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph queries over RPC at the largest page the config allows. */
class GraphRpcPagingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path data;

  private JsonNode get(NodeService node, String pathAndQuery, int status) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + node.rpcAddress().getPort() + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), pathAndQuery + ": " + r.body());
    return JSON.readTree(r.body());
  }

  /**
   * The handlers ask the store for one link more than the page, to know whether a next page
   * exists: at rpc.max_page_size 10000 that asked for more than the store serves, and /links
   * answered 400 and /link 500.
   */
  @Test
  void aPageOfTheLargestConfiguredSizeIsServed() throws Exception {
    NodeConfig config = TestNode.config(30);
    config.rpc.laddr = "127.0.0.1:0";
    config.p2p.laddr = "127.0.0.1:0";
    config.rpc.maxPageSize = 10_000;
    ChainGenesis genesis = TestNode.genesis(600_000, 400_000);
    KeyPair alice = TestChain.key(0);
    String a = TestChain.cid(1);
    String b = TestChain.cid(2);
    try (NodeService node = NodeService.start(config, genesis, GenesisLoader.toJson(genesis.file()),
        TestNode.VALIDATOR, NodeKey.generate(), data, "test")) {
      CyberNode n = node.node();
      n.mempool().add(TxBuilder.build(TestNode.CHAIN_ID, alice, 0,
          List.of(TxBuilder.cyberlink(List.of(TxBuilder.link(a, b), TxBuilder.link(b, a)))), ""));
      TestNode.await("links committed", Duration.ofSeconds(30), () -> n.store().linkCount() == 2);
      String neuron = Address.toBech32(alice.address());
      assertEquals(2, get(node, "/links?neuron=" + neuron + "&limit=10000", 200)
          .get("links").size());
      assertEquals(1, get(node, "/links?particle=" + a + "&limit=10000", 200)
          .get("links").size());
      assertEquals(1, get(node, "/link?from=" + a + "&to=" + b + "&limit=10000", 200)
          .get("neurons").size());
      get(node, "/links?neuron=" + neuron + "&limit=10001", 400);
    }
  }
}
