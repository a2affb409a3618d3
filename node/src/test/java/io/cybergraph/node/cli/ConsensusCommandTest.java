package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Runs every consensus scenario ({@code consensus/src/test/resources/scenarios/NAME.jsonl}) through
 * {@code cyber consensus script} and compares the output line by line with {@code NAME.expected};
 * checks that bad scripts exit 2 with {@code FILE:LINE: reason}.
 */
class ConsensusCommandTest {
  /** The scenario folder of the consensus module, seen from this module's folder. */
  static final Path SCENARIOS =
      Path.of("")
          .toAbsolutePath()
          .resolveSibling("consensus")
          .resolve("src/test/resources/scenarios");

  record Run(int exitCode, String out, String err) {}

  static Run cyber(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = CyberCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioGivesItsExpectedActions() throws IOException {
    List<Path> scripts;
    try (Stream<Path> files = Files.list(SCENARIOS)) {
      scripts =
          files
              .filter(p -> p.getFileName().toString().endsWith(".jsonl"))
              .sorted()
              .collect(Collectors.toList());
    }
    assertTrue(scripts.size() >= 12, "expected the scenario files in " + SCENARIOS);
    return scripts.stream()
        .map(
            script ->
                DynamicTest.dynamicTest(
                    script.getFileName().toString(),
                    () -> {
                      String name = script.getFileName().toString().replace(".jsonl", ".expected");
                      List<String> expected =
                          Files.readAllLines(script.resolveSibling(name), StandardCharsets.UTF_8);
                      Run run = cyber("consensus", "script", script.toString());
                      assertEquals(0, run.exitCode(), run.err());
                      assertEquals("", run.err());
                      List<String> actual = run.out().lines().collect(Collectors.toList());
                      for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                        assertEquals(expected.get(i), actual.get(i), "action line " + (i + 1));
                      }
                      assertEquals(expected.size(), actual.size(), "number of actions");
                    }));
  }

  static final String HEADER =
      "{\"validators\":[{\"name\":\"v0\",\"power\":1},{\"name\":\"v1\",\"power\":1}],\"me\":\"v0\"}";

  static Stream<Arguments> badScripts() {
    return Stream.of(
        Arguments.of("not json at all", 1, "bad JSON"),
        Arguments.of("[1,2]", 1, "expected a JSON object"),
        Arguments.of("{'validators':[],'me':'v0'}", 1, "non-empty 'validators'"),
        Arguments.of("{'validators':[{'name':'v0','power':0}],'me':'v0'}", 1, "power must be > 0"),
        Arguments.of(
            "{'validators':[{'name':'v0'},{'name':'v0'}],'me':'v0'}", 1, "duplicate validator v0"),
        Arguments.of("{'validators':[{'name':'v0'}],'me':'v9'}", 1, "no validator named 'v9'"),
        Arguments.of(
            "{'validators':[{'name':'v0'}],'me':'v0','height':0}", 1, "height must be >= 1"),
        Arguments.of(
            "{'validators':[{'name':'v0'}],'me':'v0','colour':1}", 1, "unknown field 'colour'"),
        Arguments.of(
            "{'validators':[{'name':'v0'}],'me':'v0','proposals':{'x':'A'}}", 1, "is not a round"),
        Arguments.of("HEADER\n{'vote':{}}", 2, "unknown event 'vote'"),
        Arguments.of("HEADER\n{'prevote':{'round':0,'from':'v1'}}", 2, "needs 'value'"),
        Arguments.of(
            "HEADER\n{'prevote':{'round':-1,'value':null,'from':'v1'}}",
            2,
            "'round' must be an integer >= 0"),
        Arguments.of(
            "HEADER\n# comment\n\n{'prevote':{'round':0,'value':'A','from':'v7'}}",
            4,
            "no validator named 'v7'"),
        Arguments.of(
            "HEADER\n{'proposal':{'round':0,'value':null,'from':'v1'}}",
            2,
            "a proposal needs a value"),
        Arguments.of("HEADER\n{'timeout':{'step':'commit','round':0}}", 2, "timeout step must be"),
        Arguments.of(
            "HEADER\n{'prevote':{'round':0,'value':'','from':'v1'}}",
            2,
            "a value is a non-empty string"),
        Arguments.of(
            "HEADER\n{'prevote':{'round':0,'value':null,'from':'v1'},'timeout':{}}",
            2,
            "exactly one of"),
        Arguments.of("# only a comment", 1, "no header line"));
  }

  /** Scripts are written with ' for " to stay readable here. */
  @ParameterizedTest
  @MethodSource("badScripts")
  void badScriptExitsTwoWithFileLineAndReason(
      String script, int line, String reason, @TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.jsonl");
    String text = script.replace("HEADER", HEADER).replace('\'', '"');
    Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    Run run = cyber("consensus", "script", file.toString());
    assertEquals(2, run.exitCode());
    String err = run.err().strip();
    assertTrue(err.startsWith(file + ":" + line + ": "), err);
    assertTrue(err.contains(reason.replace('\'', '"')), err);
    assertTrue(!err.contains("Exception"), "no stack trace: " + err);
  }

  @Test
  void missingFileExitsTwo(@TempDir Path dir) {
    Run run = cyber("consensus", "script", dir.resolve("absent.jsonl").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("absent.jsonl: cannot read"), run.err());
  }

  @Test
  void actionsBeforeABadLineArePrinted(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("half.jsonl");
    Files.writeString(file, HEADER + "\n{\"oops\":1}\n", StandardCharsets.UTF_8);
    Run run = cyber("consensus", "script", file.toString());
    assertEquals(2, run.exitCode());
    // v0 is not round 0's proposer at height 1 (v1 is): it enters round 0 and waits
    assertEquals(
        List.of("{\"round\":0}", "{\"schedule\":{\"step\":\"propose\",\"round\":0}}"),
        run.out().lines().collect(Collectors.toList()));
  }
}
