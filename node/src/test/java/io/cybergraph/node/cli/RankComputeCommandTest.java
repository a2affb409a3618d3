package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RankComputeCommandTest {
  /** The shared vectors live in the rank module's test resources (Surefire sets basedir). */
  private static final Path VECTORS =
      Path.of(System.getProperty("basedir", ".")).resolve("../rank/src/test/resources/vectors");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Path vector(String name, String file) {
    return VECTORS.resolve(name).resolve(file);
  }

  private Path paramsOf(String name) throws IOException {
    JsonNode params = JSON.readTree(vector(name, "expected.json").toFile()).get("params");
    Path p = dir.resolve(name + "-params.json");
    Files.writeString(p, params.toString());
    return p;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "small", "edges", "restake", "capped", "diffusion", "hub"})
  void reproducesEveryVector(String name) throws IOException {
    Path out = dir.resolve(name + ".json");
    CliRun run =
        CliRun.of("rank", "compute",
            "--links", vector(name, "links.tsv").toString(),
            "--stakes", vector(name, "stakes.tsv").toString(),
            "--params", paramsOf(name).toString(),
            "--threads", "2",
            "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.out());
    assertEquals(JSON.readTree(vector(name, "expected.json").toFile()), JSON.readTree(out.toFile()));
  }

  @Test
  void writesToStdoutWithoutOutAndAddsStats() throws IOException {
    CliRun run =
        CliRun.of("rank", "compute",
            "--links", vector("edges", "links.tsv").toString(),
            "--stakes", vector("edges", "stakes.tsv").toString(),
            "--params", paramsOf("edges").toString(),
            "--threads", "1",
            "--stats");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode got = JSON.readTree(run.out());
    JsonNode expected = JSON.readTree(vector("edges", "expected.json").toFile());
    assertEquals(expected.get("focus"), got.get("focus"));
    assertEquals(expected.get("karma"), got.get("karma"));
    assertEquals(expected.get("blocks").size(), got.get("blocks").size());
    for (int i = 0; i < got.get("blocks").size(); i++) {
      JsonNode b = got.get("blocks").get(i);
      for (String key : List.of("build_ms", "total_ms", "iteration_ms_median")) {
        assertTrue(b.get(key).isNumber(), key);
      }
      assertEquals(expected.get("blocks").get(i).get("root"), b.get("root"));
    }
  }

  @Test
  void defaultParamsAndDecimalParamsAreAccepted() throws IOException {
    Path params = dir.resolve("p.json");
    // the tiny vector's parameters, written as decimals and numbers
    Files.writeString(params, "{\"alpha\": 0.85, \"lambda_d\": \"0.5\", \"tolerance\": \"1e-9\","
        + " \"max_iterations\": 20}");
    CliRun run =
        CliRun.of("rank", "compute",
            "--links", vector("tiny", "links.tsv").toString(),
            "--stakes", vector("tiny", "stakes.tsv").toString(),
            "--params", params.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(JSON.readTree(vector("tiny", "expected.json").toFile()), JSON.readTree(run.out()));
    CliRun defaults =
        CliRun.of("rank", "compute",
            "--links", vector("tiny", "links.tsv").toString(),
            "--stakes", vector("tiny", "stakes.tsv").toString());
    assertEquals(run.out(), defaults.out());
  }

  @Test
  void acceptsAnyTokensAndSpaces() throws IOException {
    Path links = dir.resolve("l.tsv");
    Path stakes = dir.resolve("s.tsv");
    Files.writeString(links, "# comment\n\n1 alice x-1 ü/2\n1\tbob\tü/2\tx-1\n3 alice ü/2 z\n");
    Files.writeString(stakes, "alice 100\n2 bob 50\n");
    CliRun run = CliRun.of("rank", "compute", "--links", links.toString(), "--stakes", stakes.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode got = JSON.readTree(run.out());
    assertEquals(3, got.get("blocks").size());
    assertEquals("x-1", got.get("focus").get(0).get(0).asText());
    assertEquals("ü/2", got.get("focus").get(1).get(0).asText());
    assertEquals("alice", got.get("karma").get(0).get(0).asText());
    assertEquals("bob", got.get("karma").get(1).get(0).asText());
  }

  // ---- bad input: exit 2, one line on stderr naming the place, no output file ----

  private void assertBadInput(String expectedErr, String... extra) {
    Path out = dir.resolve("out.json");
    String[] args = new String[extra.length + 4];
    args[0] = "rank";
    args[1] = "compute";
    args[2] = "--out";
    args[3] = out.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    CliRun run = CliRun.of(args);
    assertEquals(2, run.exitCode(), run.err());
    assertEquals(expectedErr + System.lineSeparator(), run.err());
    assertEquals("", run.out());
    assertFalse(Files.exists(out), "no output file");
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".rank-")), "no temp");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void unreadableFile() {
    Path missing = dir.resolve("missing.tsv");
    assertBadInput(missing + ": cannot read: no such file or folder",
        "--links", missing.toString(), "--stakes", vector("tiny", "stakes.tsv").toString());
  }

  @Test
  void malformedLine() throws IOException {
    Path links = file("links.tsv", "# h n f t\n1\tk\tQmA\tQmB\n2\tk\tQmA\n");
    assertBadInput(links + ":3: expected 4 fields (height neuron from to), got 3",
        "--links", links.toString(), "--stakes", vector("tiny", "stakes.tsv").toString());
    Path stakes = file("stakes.tsv", "k 5\nk five\n");
    assertBadInput(stakes + ":2: stake is not an integer: five",
        "--links", vector("tiny", "links.tsv").toString(), "--stakes", stakes.toString());
  }

  @Test
  void negativeStake() throws IOException {
    Path stakes = file("stakes.tsv", "k 5\n3 k -7\n");
    assertBadInput(stakes + ":2: negative stake -7",
        "--links", vector("tiny", "links.tsv").toString(), "--stakes", stakes.toString());
  }

  @Test
  void selfLink() throws IOException {
    Path links = file("links.tsv", "1 k QmA QmB\n1 k QmC QmC\n");
    assertBadInput(links + ":2: self-link QmC",
        "--links", links.toString(), "--stakes", vector("tiny", "stakes.tsv").toString());
  }

  @Test
  void unknownParameter() throws IOException {
    Path params = file("p.json", "{\"alpha\": \"0.8\", \"beta\": \"1\"}");
    assertBadInput(params + ": beta: unknown parameter",
        "--links", vector("tiny", "links.tsv").toString(),
        "--stakes", vector("tiny", "stakes.tsv").toString(), "--params", params.toString());
  }

  @Test
  void lambdasNotSummingToOne() throws IOException {
    Path params = file("p.json", "{\"lambda_d\": \"0.5\", \"lambda_s\": \"0.3\", \"lambda_h\": \"0.3\"}");
    assertBadInput(params + ": lambda_d + lambda_s + lambda_h: must sum to exactly 1, got 11/10",
        "--links", vector("tiny", "links.tsv").toString(),
        "--stakes", vector("tiny", "stakes.tsv").toString(), "--params", params.toString());
  }

  @Test
  void alphaOfOneOrMore() throws IOException {
    Path params = file("p.json", "{\"alpha\": \"1\"}");
    assertBadInput(params + ": alpha: must satisfy 0 ≤ alpha < 1, got 1",
        "--links", vector("tiny", "links.tsv").toString(),
        "--stakes", vector("tiny", "stakes.tsv").toString(), "--params", params.toString());
    Files.writeString(params, "{\"alpha\": \"3/2\"}");
    assertBadInput(params + ": alpha: must satisfy 0 ≤ alpha < 1, got 3/2",
        "--links", vector("tiny", "links.tsv").toString(),
        "--stakes", vector("tiny", "stakes.tsv").toString(), "--params", params.toString());
  }

  @Test
  void malformedParameterValuesAndFiles() throws IOException {
    Path params = file("p.json", "{\"mu\": \"abc\"}");
    assertBadInput(params + ": mu: not a number: \"abc\"",
        "--links", vector("tiny", "links.tsv").toString(),
        "--stakes", vector("tiny", "stakes.tsv").toString(), "--params", params.toString());
    Files.writeString(params, "[1, 2]");
    assertBadInput(params + ": expected a JSON object of rank parameters",
        "--links", vector("tiny", "links.tsv").toString(),
        "--stakes", vector("tiny", "stakes.tsv").toString(), "--params", params.toString());
  }

  @Test
  void totalStakeBeyondTwoToThe62() throws IOException {
    Path stakes = file("stakes.tsv", "a 3000000000000000000\n2 b 3000000000000000000\n");
    assertBadInput(stakes + ":2: total stake would reach 2^62",
        "--links", vector("tiny", "links.tsv").toString(), "--stakes", stakes.toString());
  }

  @Test
  void badThreadCountAndNonUtf8Text() throws IOException {
    assertBadInput("--threads: must be in 1..1024, got 0",
        "--links", vector("tiny", "links.tsv").toString(),
        "--stakes", vector("tiny", "stakes.tsv").toString(), "--threads", "0");
    Path links = dir.resolve("latin1.tsv");
    Files.write(links, new byte[] {'1', ' ', 'k', ' ', 'a', ' ', (byte) 0xE9, '\n'});
    assertBadInput(links + ":1: not UTF-8 text",
        "--links", links.toString(), "--stakes", vector("tiny", "stakes.tsv").toString());
  }

  @Test
  void anOutThatIsAFolderIsNamedAsSuchWithoutTheTempFile() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("results"));
    Files.writeString(folder.resolve("keep.txt"), "x");
    CliRun run =
        CliRun.of("rank", "compute",
            "--links", vector("tiny", "links.tsv").toString(),
            "--stakes", vector("tiny", "stakes.tsv").toString(),
            "--out", folder.toString());
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("cannot write " + folder + ": it is a folder, not a file"
        + System.lineSeparator(), run.err());
    assertEquals("x", Files.readString(folder.resolve("keep.txt")));
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".rank-")), "no temp");
    }
  }

  @Test
  void missingOptionIsAUsageError() {
    CliRun run = CliRun.of("rank", "compute", "--links", vector("tiny", "links.tsv").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("error: Missing required option: '--stakes=FILE' (see 'cyber rank compute --help')"), run.err());
    assertEquals(1, run.err().strip().lines().count(), "one line, not the usage text");
  }
}
