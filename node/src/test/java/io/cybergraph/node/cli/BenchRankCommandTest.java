package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench command's output contract on a small graph (speed itself is not tested here). */
class BenchRankCommandTest {

  @Test
  void jsonModePrintsOneObjectWithTheDocumentedKeys() throws Exception {
    CliRun run =
        CliRun.of("bench", "rank", "--particles", "2000", "--links", "10000",
            "--threads", "2", "--iterations", "2", "--seed", "5", "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode o = new ObjectMapper().readTree(run.out());
    List<String> keys = List.of("particles", "links", "threads", "build_ms",
        "iteration_ms_median", "iteration_ms_min", "iteration_ms_max", "heap_mb");
    List<String> got = new java.util.ArrayList<>();
    o.fieldNames().forEachRemaining(got::add);
    assertEquals(keys, got);
    assertEquals(2000, o.get("particles").asInt());
    assertEquals(10000, o.get("links").asInt());
    assertEquals(2, o.get("threads").asInt());
    assertTrue(o.get("iteration_ms_min").asDouble() <= o.get("iteration_ms_median").asDouble());
    assertTrue(o.get("iteration_ms_median").asDouble() <= o.get("iteration_ms_max").asDouble());
    assertTrue(run.err().contains("iteration 2/2"), "progress on stderr");
  }

  @Test
  void textModeReportsBuildIterationThroughputAndHeap() {
    CliRun run = CliRun.of("bench", "rank", "--particles", "500", "--links", "2000",
        "--threads", "1", "--iterations", "1");
    assertEquals(0, run.exitCode(), run.err());
    for (String word : List.of("build", "iteration", "edge entries/s", "heap used")) {
      assertTrue(run.out().contains(word), word + " in " + run.out());
    }
  }

  @Test
  void badSizesExitWithTwo() {
    CliRun run = CliRun.of("bench", "rank", "--particles", "1", "--links", "10");
    assertEquals(2, run.exitCode());
    assertEquals("--particles: must be ≥ 2, got 1" + System.lineSeparator(), run.err());
    run = CliRun.of("bench", "rank", "--particles", "10", "--links", "10", "--iterations", "0");
    assertEquals(2, run.exitCode());
    run = CliRun.of("bench", "rank", "--particles", "x", "--links", "10");
    assertEquals(2, run.exitCode());
  }

  @Test
  void perBlockModeTimesEveryPhaseOnAGrowingGraph() throws Exception {
    CliRun run = CliRun.of("bench", "rank", "--per-block", "--particles", "3000",
        "--block-links", "200", "--blocks", "2", "--threads", "2", "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode o = new ObjectMapper().readTree(run.out());
    assertEquals("load", o.get("shape").asText());
    assertEquals(3000, o.get("particles_start").asInt());
    // 3 warm-up and 2 timed blocks of 200 links, each between two new particles
    assertEquals(3000 + 5 * 400, o.get("particles_end").asInt());
    List<String> phases = new java.util.ArrayList<>();
    o.get("phase_cpu_ms_median").fieldNames().forEachRemaining(phases::add);
    assertEquals(List.of("feed", "build", "extend", "iterate", "reorder", "tree", "queries",
        "snapshot"), phases);
    assertTrue(o.get("alloc_mb_mean").asDouble() > 0);

    run = CliRun.of("bench", "rank", "--per-block", "--shape", "powerlaw", "--particles", "2000",
        "--links", "8000", "--block-links", "100", "--blocks", "1", "--threads", "1");
    assertEquals(0, run.exitCode(), run.err());
    for (String word : List.of("powerlaw", "iterate", "tree", "process CPU")) {
      assertTrue(run.out().contains(word), word + " in " + run.out());
    }
    // idle blocks: the graph stays as it is
    run = CliRun.of("bench", "rank", "--per-block", "--particles", "2000", "--block-links", "0",
        "--blocks", "2", "--threads", "1", "--json");
    assertEquals(0, run.exitCode(), run.err());
    o = new ObjectMapper().readTree(run.out());
    assertEquals(2000, o.get("particles_end").asInt());
    run = CliRun.of("bench", "rank", "--per-block", "--particles", "2000", "--block-links", "-1");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--block-links must be ≥ 0"), run.err());

    run = CliRun.of("bench", "rank", "--per-block", "--shape", "ring", "--particles", "2000");
    assertEquals(2, run.exitCode());
    assertEquals("--shape: must be load or powerlaw, got ring" + System.lineSeparator(),
        run.err());
  }
}
