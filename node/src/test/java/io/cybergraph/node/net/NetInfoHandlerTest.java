package io.cybergraph.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.rpc.RpcJson;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.proto.pb.Channel;
import org.junit.jupiter.api.Test;

class NetInfoHandlerTest {

  private static JsonNode answer(P2pNode node) throws Exception {
    return RpcJson.mapper().readTree(RpcJson.write(new NetInfoHandler(node).handle(null)));
  }

  @Test
  void listsEveryPeerWithDirectionAddressHeightAndBytes() throws Exception {
    try (TestNetwork net = new TestNetwork()) {
      P2pNode a = net.create("a");
      assertEquals("{\"listening\":false,\"listeners\":[],\"n_peers\":0,\"peers\":[]}",
          answer(a).toString(), "not started yet");
      P2pNode b = net.create("b");
      TestNetwork.start(a, b);
      b.setLocalHeight(17);
      TestNetwork.connect(a, b);
      a.send(b.nodeId(), Channel.CHANNEL_MEMPOOL, new byte[100]);
      Await.until("b's height at a and the message out",
          () -> a.peer(b.nodeId()).orElseThrow().reportedHeight() == 17
              && a.peer(b.nodeId()).orElseThrow().bytesOut() > 100);

      JsonNode json = answer(a);
      assertTrue(json.get("listening").asBoolean());
      assertEquals("127.0.0.1:" + a.listenPort(), json.get("listeners").get(0).asText());
      assertEquals(1, json.get("n_peers").asInt());
      JsonNode peer = json.get("peers").get(0);
      assertEquals(b.nodeId().hex(), peer.get("node_id").asText());
      assertEquals("127.0.0.1:" + b.listenPort(), peer.get("remote_addr").asText());
      assertTrue(peer.get("is_outbound").asBoolean());
      assertEquals("b", peer.get("moniker").asText());
      assertEquals(17, peer.get("height").asLong());
      assertTrue(peer.get("bytes_sent").isTextual(), "bytes are strings");
      assertTrue(Long.parseLong(peer.get("bytes_sent").asText()) > 100);
      assertTrue(Long.parseLong(peer.get("bytes_received").asText()) > 0);
      assertTrue(peer.get("connected_since").asText().endsWith("Z"));
      assertEquals(0, peer.get("send_queue_size").asInt());

      JsonNode fromB = answer(b).get("peers").get(0);
      assertEquals(a.nodeId().hex(), fromB.get("node_id").asText());
      assertTrue(!fromB.get("is_outbound").asBoolean());
    }
  }

  /** A socket bound to 0.0.0.0 reports [0:0:0:0:0:0:0:0]; /status, /net_info showed that. */
  @Test
  void aWildcardListenerIsShownAsConfigured() throws Exception {
    try (TestNetwork net = new TestNetwork()) {
      P2pNode a = net.create("a", b -> b.listen("0.0.0.0", 0));
      TestNetwork.start(a);
      assertEquals("0.0.0.0:" + a.listenPort(), answer(a).get("listeners").get(0).asText());
    }
  }
}
