package io.cybergraph.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.proto.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisHandlerTest {
  @TempDir Path dir;

  @Test
  void servesTheFileAndItsHash() throws Exception {
    String text = "{\n  \"chain_id\": \"test-1\",\n  \"validators\": [],\n  \"big\": \"123\"\n}\n";
    Path file = dir.resolve("genesis.json");
    Files.writeString(file, text);
    NodeConfig.RpcSection rpc = new NodeConfig.RpcSection();
    rpc.laddr = "127.0.0.1:0";
    RpcRoutes routes = new RpcRoutes().register(RpcEndpoint.GENESIS, GenesisHandler.fromFile(file));
    try (RpcServer server = new RpcServer(RpcServer.Settings.from(rpc), routes)) {
      server.start();
      JsonNode answer = RpcTestClient.json(new RpcTestClient(server.port()).get("/genesis"));
      assertEquals(
          HexFormat.of().formatHex(Hashes.sha256(text.getBytes(StandardCharsets.UTF_8))),
          answer.get("genesis_hash").asText());
      assertEquals("test-1", answer.get("genesis").get("chain_id").asText());
      assertEquals("123", answer.get("genesis").get("big").asText());
    }
  }
}
