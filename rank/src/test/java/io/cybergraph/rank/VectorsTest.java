package io.cybergraph.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.rank.history.BlockHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shared vector reproduced exactly, on 1, 2 and 8 threads. */
class VectorsTest {

  static Stream<Arguments> cases() {
    return Vectors.NAMES.stream()
        .flatMap(name -> Stream.of(1, 2, 8).map(threads -> Arguments.of(name, threads)));
  }

  @ParameterizedTest(name = "{0} on {1} threads")
  @MethodSource("cases")
  void reproducesVector(String name, int threads) throws Exception {
    JsonNode expected = Vectors.expected(name);
    RankParams params = Vectors.params(name);
    assertEquals(expected.get("params").toString(), new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(params.asMap()).toString(), "params round trip");
    BlockHistory history = Vectors.history(name);
    List<String> blocks = new ArrayList<>();
    try (RankEngine engine = new RankEngine(params, threads)) {
      history.replay(
          engine,
          (height, r) ->
              blocks.add(
                  height + " " + r.particles() + " " + r.iterations() + " " + r.delta() + " "
                      + r.rootHex()));
      List<String> expectedBlocks = new ArrayList<>();
      for (JsonNode b : expected.get("blocks")) {
        expectedBlocks.add(
            b.get("height").asInt() + " " + b.get("particles").asInt() + " "
                + b.get("iterations").asInt() + " " + b.get("delta").asText() + " "
                + b.get("root").asText());
      }
      assertEquals(String.join("\n", expectedBlocks), String.join("\n", blocks), "blocks");

      long[] focus = engine.focus();
      JsonNode expectedFocus = expected.get("focus");
      assertEquals(expectedFocus.size(), focus.length, "particles");
      for (int j = 0; j < focus.length; j++) {
        assertEquals(expectedFocus.get(j).get(0).asText(), engine.graph().particle(j), "cid " + j);
        assertEquals(expectedFocus.get(j).get(1).asText(), Long.toString(focus[j]), "focus " + j);
      }

      List<String> karma = new ArrayList<>();
      for (Map.Entry<String, Long> e : engine.karma().entrySet()) {
        karma.add(e.getKey() + " " + e.getValue());
      }
      List<String> expectedKarma = new ArrayList<>();
      for (JsonNode k : expected.get("karma")) {
        expectedKarma.add(k.get(0).asText() + " " + k.get(1).asText());
      }
      assertEquals(String.join("\n", expectedKarma), String.join("\n", karma), "karma");
    }
  }
}
