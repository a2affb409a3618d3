package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.evidence.DuplicateVotes;
import io.cybergraph.node.evidence.Votes;
import io.cybergraph.node.service.NodeService;
import io.cybergraph.p2p.NodeKey;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /evidence}, {@code /block} and {@code /validators} of a running node over HTTP. */
class EvidenceRpcTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path data;

  private record Answer(int status, JsonNode body) {}

  private Answer get(NodeService node, String pathAndQuery) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + node.rpcAddress().getPort() + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  private static Vote vote(long height, int round, String block) {
    return Votes.vote(TestNode.VALIDATOR, 0, VoteType.VOTE_TYPE_PRECOMMIT, height, round, block);
  }

  @Test
  void committedAndPendingEvidenceAndTheValidatorSetAreServed() throws Exception {
    ChainGenesis genesis = TestNode.genesis(600_000, 400_000);
    NodeConfig config = TestNode.config(30);
    config.rpc.laddr = "127.0.0.1:0";
    config.p2p.laddr = "127.0.0.1:0";
    config.rpc.maxPageSize = 2;
    try (NodeService node = NodeService.start(config, genesis, GenesisLoader.toJson(genesis.file()),
        TestNode.VALIDATOR, NodeKey.generate(), data, "test")) {
      CyberNode n = node.node();
      TestNode.await("height 2", WAIT, () -> n.head().height() >= 2);
      for (int round = 0; round < 3; round++) {
        n.evidence().report(vote(1, round, "A"), vote(1, round, "B"));
      }
      TestNode.await("three committed", WAIT,
          () -> n.store().evidence().page(1, Long.MAX_VALUE, null, 10).size() == 3);
      Answer first = get(node, "/evidence");
      assertEquals(200, first.status());
      assertEquals(2, first.body().get("evidence").size(), "a page of rpc.max_page_size");
      JsonNode item = first.body().get("evidence").get(0);
      assertEquals("duplicate_vote", item.get("type").asText());
      assertEquals(1, item.get("height").asLong());
      assertEquals("precommit", item.get("vote_type").asText());
      assertEquals(Address.toBech32(TestNode.VALIDATOR.address()),
          item.get("validator_address").asText());
      long committedAt = item.get("committed_height").asLong();
      assertTrue(committedAt >= 2);
      assertEquals(64, item.get("hash").asText().length());
      assertEquals("precommit", item.get("vote_a").get("type").asText());
      Answer second = get(node, "/evidence?next=" + first.body().get("next").asText());
      assertEquals(1, second.body().get("evidence").size());
      assertTrue(second.body().get("next").isNull());

      // the evidence of one block, over as many pages as it takes (all three may share a block)
      java.util.Set<String> listed = new java.util.TreeSet<>();
      String next = null;
      do {
        Answer ofBlock = get(node, "/evidence?height=" + committedAt
            + (next == null ? "" : "&next=" + next));
        for (JsonNode e : ofBlock.body().get("evidence")) {
          assertEquals(committedAt, e.get("committed_height").asLong());
          listed.add(e.get("hash").asText());
        }
        JsonNode nextField = ofBlock.body().get("next");
        next = nextField == null || nextField.isNull() ? null : nextField.asText();
      } while (next != null);
      assertTrue(listed.size() >= 1);
      JsonNode block = get(node, "/block?height=" + committedAt).body();
      java.util.Set<String> inBlock = new java.util.TreeSet<>();
      block.get("block").get("evidence").get("evidence").forEach(e -> inBlock.add(e.get("hash").asText()));
      assertEquals(inBlock, listed);
      assertTrue(listed.contains(item.get("hash").asText()));

      assertEquals(0, get(node, "/evidence?status=pending").body().get("evidence").size());

      assertEquals(400, get(node, "/evidence?status=lost").status());
      assertEquals(400, get(node, "/evidence?height=x").status());
      assertEquals(400, get(node, "/evidence?next=AAAA").status());
      assertEquals(404, get(node, "/evidence?height=999999").status());

      Answer validators = get(node, "/validators?height=1");
      assertEquals(200, validators.status());
      assertEquals(1, validators.body().get("count").asInt());
      assertEquals("10", validators.body().get("total_power").asText());
      assertEquals("10", validators.body().get("validators").get(0).get("voting_power").asText());
      assertEquals(Address.toBech32(TestNode.VALIDATOR.address()),
          validators.body().get("validators").get(0).get("address").asText());
      assertEquals(404, get(node, "/validators?height=999999").status());
      assertEquals("unknown_height",
          get(node, "/validators?height=999999").body().get("error").get("code").asText());
      assertEquals(400, get(node, "/validators?height=-1").status());
      assertEquals(400, get(node, "/validators?height=abc").status());
    }
  }

  /** A node that makes no blocks keeps what it is told in its pool: the pending listing. */
  @Test
  void pendingEvidenceIsListedWithStatusPending() throws Exception {
    ChainGenesis genesis = TestNode.genesis(600_000, 400_000);
    NodeConfig config = TestNode.config(30);
    config.rpc.laddr = "127.0.0.1:0";
    config.p2p.laddr = "127.0.0.1:0";
    try (NodeService node = NodeService.start(config, genesis, GenesisLoader.toJson(genesis.file()),
        null, NodeKey.generate(), data, "test")) {
      // the chain is at 0: votes of height 1, the height being agreed, are taken
      Evidence e = DuplicateVotes.evidence(vote(1, 0, "A"), vote(1, 0, "B"));
      node.node().evidence().add(e);
      node.node().evidence().add(DuplicateVotes.evidence(vote(1, 1, "A"), vote(1, 1, null)));
      Answer pool = get(node, "/evidence?status=pending&limit=1");
      assertEquals(200, pool.status());
      assertEquals(1, pool.body().get("evidence").size());
      JsonNode item = pool.body().get("evidence").get(0);
      assertEquals(1, item.get("height").asLong());
      assertTrue(item.get("committed_height").isNull());
      Answer rest = get(node, "/evidence?status=pending&limit=1&next="
          + pool.body().get("next").asText());
      assertEquals(1, rest.body().get("evidence").size());
      assertTrue(rest.body().get("next").isNull());
      assertEquals(0, get(node, "/evidence").body().get("evidence").size(), "nothing committed");
      assertEquals(2, get(node, "/evidence?status=pending&height=1").body().get("evidence").size());
      assertEquals(0, get(node, "/evidence?status=pending&height=2").body().get("evidence").size());
      assertEquals(1, get(node, "/validators").body().get("block_height").asLong(),
          "before any block: the set of height 1");
    }
  }
}
