package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The query bench's output contract on a small graph (speed itself is not tested here). */
class BenchQueryCommandTest {

  @Test
  void reportsExplainContextBaselineAndTheCheckedError() {
    CliRun run = CliRun.of("bench", "query", "--particles", "3000", "--links", "15000",
        "--queries", "2", "--explains", "1", "--check", "2", "--baseline");
    assertEquals(0, run.exitCode(), run.err());
    for (String word : List.of("graph ", "explain ", "context ", "baseline ", "context err ",
        "machine ")) {
      assertTrue(run.out().contains(word), word + " in " + run.out());
    }
    Matcher bound = Pattern.compile("largest stated error bound ([0-9.e+-]+)").matcher(run.out());
    assertTrue(bound.find(), run.out());
    assertTrue(Double.parseDouble(bound.group(1)) <= 1e-4, run.out());
    Matcher err = Pattern.compile("max \\|value - converged\\| ([0-9.e+-]+); top-20 identical in "
        + "(\\d+) of (\\d+)").matcher(run.out());
    assertTrue(err.find(), run.out());
    assertTrue(Double.parseDouble(err.group(1)) <= Double.parseDouble(bound.group(1)), run.out());
    assertEquals(err.group(3), err.group(2), "top-20 identical in every checked answer");
    assertTrue(run.err().contains("baseline:"), "baseline progress on stderr");
  }

  @Test
  void badSizesExitWithTwo() {
    assertEquals(2, CliRun.of("bench", "query", "--particles", "1", "--links", "10").exitCode());
    assertEquals(2, CliRun.of("bench", "query", "--particles", "10", "--links", "10",
        "--top", "0").exitCode());
  }
}
