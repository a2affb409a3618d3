package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cyber rank explain} and {@code cyber rank context} on the spec's vectors. */
class RankQueryCommandTest {
  private static final Path VECTORS =
      Path.of(System.getProperty("basedir", ".")).resolve("../rank/src/test/resources/vectors");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String file(String vector, String name) {
    return VECTORS.resolve(vector).resolve(name).toString();
  }

  /** The first particle (the `from` of the first link) of a vector. */
  private static String firstParticle(String vector) throws IOException {
    for (String line : Files.readAllLines(Path.of(file(vector, "links.tsv")))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        return line.split("\\s+")[2];
      }
    }
    throw new AssertionError("no link");
  }

  private static CliRun run(String command, String vector, String... more) {
    List<String> args = new ArrayList<>(List.of("rank", command,
        "--links", file(vector, "links.tsv"), "--stakes", file(vector, "stakes.tsv")));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(new String[0]));
  }

  @Test
  void explainPrintsLinksAndNeuronsByAttribution() throws IOException {
    String p = firstParticle("small");
    CliRun r = run("explain", "small", "--particle", p, "--top", "10", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode o = JSON.readTree(r.out());
    assertEquals(p, o.get("particle").asText());
    assertTrue(o.get("focus").asDouble() > 0 && o.get("focus").asDouble() < 1);
    JsonNode links = o.get("links");
    assertEquals(10, links.size());
    double last = Double.POSITIVE_INFINITY;
    for (JsonNode l : links) {
      for (String key : List.of("neuron", "from", "to")) {
        assertTrue(l.get(key).isTextual(), key);
      }
      assertTrue(l.get("weight").asLong() > 0);
      double a = Math.abs(l.get("attribution").asDouble());
      assertTrue(a <= last, "sorted by |attribution|");
      last = a;
    }
    assertTrue(o.get("neurons").size() > 0);
    assertTrue(o.get("neurons").get(0).get("neuron").isTextual());
    assertTrue(o.get("neurons").get(0).get("attribution").isNumber());

    // ep gives other numbers; unrolled:300 nearly the same ones
    CliRun ep = run("explain", "small", "--particle", p, "--top", "10", "--json",
        "--estimator", "ep");
    assertEquals(0, ep.exitCode(), ep.err());
    assertNotEquals(links.get(0).get("attribution"),
        JSON.readTree(ep.out()).get("links").get(0).get("attribution"));
    CliRun text = run("explain", "small", "--particle", p);
    assertEquals(0, text.exitCode(), text.err());
    assertTrue(text.out().startsWith("particle " + p), text.out());
  }

  @Test
  void contextPrintsTopParticles() throws IOException {
    String p = firstParticle("small");
    CliRun r = run("context", "small", "--particle", p, "--top", "5", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode o = JSON.readTree(r.out());
    assertEquals(p, o.get("particle").asText());
    JsonNode focus = o.get("focus");
    assertEquals(5, focus.size());
    double last = 1;
    for (JsonNode row : focus) {
      assertTrue(row.get(0).isTextual());
      assertTrue(row.get(1).asDouble() <= last);
      last = row.get(1).asDouble();
    }
    assertTrue(o.get("error_bound").asDouble() <= 1e-4);
  }

  @Test
  void badInputExitsTwo() throws IOException {
    CliRun unknown = run("explain", "small", "--particle", "QmNobody");
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown particle QmNobody"), unknown.err());
    String p = firstParticle("small");
    CliRun estimator = run("explain", "small", "--particle", p, "--estimator", "unrolled:0");
    assertEquals(2, estimator.exitCode());
    assertTrue(estimator.err().contains("--estimator"), estimator.err());
    CliRun top = run("context", "small", "--particle", p, "--top", "-1");
    assertEquals(2, top.exitCode());
    Path bad = dir.resolve("links.tsv");
    Files.writeString(bad, "1 n a a\n");
    CliRun self = CliRun.of("rank", "context", "--links", bad.toString(),
        "--stakes", file("small", "stakes.tsv"), "--particle", "a");
    assertEquals(2, self.exitCode());
    assertTrue(self.err().contains(":1: self-link"), self.err());
    Path noRestart = dir.resolve("p.json");
    Files.writeString(noRestart, "{\"lambda_d\": \"0\", \"lambda_s\": \"0.8\", \"lambda_h\": \"0.2\"}");
    CliRun context = run("context", "small", "--particle", p, "--params", noRestart.toString());
    assertEquals(2, context.exitCode());
    assertTrue(context.err().contains("--params: context needs"), context.err());
    CliRun explain = run("explain", "small", "--particle", p, "--params", noRestart.toString());
    assertEquals(2, explain.exitCode());
    assertTrue(explain.err().contains("--params: explain needs lambda_d > 0"), explain.err());
    CliRun missing = CliRun.of("rank", "explain", "--links", file("small", "links.tsv"),
        "--particle", p);
    assertEquals(2, missing.exitCode());
  }

  @Test
  void particleWithOnlyWeightlessLinksIsItsOwnContext() throws IOException {
    Path links = dir.resolve("l.tsv");
    Path stakes = dir.resolve("s.tsv");
    Files.writeString(links, "1 rich a b\n1 rich b c\n1 poor d a\n");
    Files.writeString(stakes, "rich 1000\npoor 0\n");
    CliRun r = CliRun.of("rank", "context", "--links", links.toString(), "--stakes",
        stakes.toString(), "--particle", "d", "--json");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(JSON.readTree("{\"particle\":\"d\",\"focus\":[[\"d\",1.0]],"
        + "\"error_bound\":0.0,\"method\":\"isolated\"}"), JSON.readTree(r.out()));
  }
}
