package io.cybergraph.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.consensus.script.Scenario;
import io.cybergraph.consensus.script.ScenarioRunner;
import io.cybergraph.consensus.state.Action;
import io.cybergraph.consensus.state.Event;
import io.cybergraph.consensus.state.Evidence;
import io.cybergraph.consensus.state.Message;
import io.cybergraph.consensus.state.Step;
import io.cybergraph.consensus.state.TimeoutConfig;
import io.cybergraph.consensus.state.Validator;
import io.cybergraph.consensus.state.ValidatorSet;
import io.cybergraph.consensus.state.Value;
import io.cybergraph.consensus.state.VoteType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON-lines side of {@code cyber consensus script}: parses a scenario (header line, then one
 * event per line), runs it with the consensus module's {@link ScenarioRunner}, and prints one JSON
 * line per action. The format is described in docs/consensus.md; blank lines and lines starting
 * with {@code #} are skipped. Input errors stop the run with {@code FILE:LINE: reason}.
 */
final class ConsensusScript {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A script line that cannot be used; the message is the reason, without the location. */
  static final class ScriptException extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;

    ScriptException(int line, String reason) {
      super(reason);
      this.line = line;
    }
  }

  private final PrintWriter out;
  private ValidatorSet validators;
  private ScenarioRunner runner;

  ConsensusScript(PrintWriter out) {
    this.out = out;
  }

  /** Reads the whole script, printing actions as they happen. */
  void run(BufferedReader in) throws IOException, ScriptException {
    int lineNo = 0;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      JsonNode node = parse(trimmed, lineNo);
      if (runner == null) {
        runner = new ScenarioRunner(header(node, lineNo));
        print(runner.start());
      } else {
        print(runner.apply(event(node, lineNo)));
      }
    }
    if (runner == null) {
      throw new ScriptException(Math.max(1, lineNo), "no header line");
    }
    out.flush();
  }

  // ---- input -------------------------------------------------------------------------------

  private static JsonNode parse(String text, int line) throws ScriptException {
    try {
      JsonNode node = JSON.readTree(text);
      if (!node.isObject()) {
        throw new ScriptException(line, "expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ScriptException(line, "bad JSON: " + e.getOriginalMessage());
    }
  }

  private Scenario header(JsonNode node, int line) throws ScriptException {
    allowOnly(node, line, "validators", "me", "height", "invalid", "proposals");
    JsonNode vs = node.get("validators");
    if (vs == null || !vs.isArray() || vs.isEmpty()) {
      throw new ScriptException(line, "header needs a non-empty \"validators\" array");
    }
    List<Validator> list = new ArrayList<>();
    for (JsonNode v : vs) {
      if (!v.isObject()) {
        throw new ScriptException(line, "each validator is an object {\"name\",\"power\"}");
      }
      allowOnly(v, line, "name", "power");
      String name = text(v, "name", line);
      long power = v.has("power") ? integer(v, "power", line) : 1;
      if (power <= 0) {
        throw new ScriptException(line, "validator " + name + ": power must be > 0");
      }
      list.add(new Validator(name, power));
    }
    try {
      validators = new ValidatorSet(list);
    } catch (IllegalArgumentException e) {
      throw new ScriptException(line, e.getMessage());
    }
    int me = validatorIndex(text(node, "me", line), line);
    long height = node.has("height") ? integer(node, "height", line) : 1;
    if (height < 1) {
      throw new ScriptException(line, "height must be >= 1");
    }
    Set<Value> invalid = new HashSet<>();
    JsonNode inv = node.get("invalid");
    if (inv != null) {
      if (!inv.isArray()) {
        throw new ScriptException(line, "\"invalid\" must be an array of values");
      }
      for (JsonNode v : inv) {
        invalid.add(value(v, "invalid", line));
      }
    }
    Map<Integer, Value> proposals = new TreeMap<>();
    JsonNode props = node.get("proposals");
    if (props != null) {
      if (!props.isObject()) {
        throw new ScriptException(line, "\"proposals\" must map rounds to values");
      }
      for (Map.Entry<String, JsonNode> e : props.properties()) {
        int round;
        try {
          round = Integer.parseInt(e.getKey());
        } catch (NumberFormatException ex) {
          throw new ScriptException(line, "proposals: \"" + e.getKey() + "\" is not a round");
        }
        if (round < 0) {
          throw new ScriptException(line, "proposals: round must be >= 0");
        }
        proposals.put(round, value(e.getValue(), "proposals", line));
      }
    }
    return new Scenario(validators, me, height, invalid, proposals, TimeoutConfig.DEFAULT);
  }

  private Event event(JsonNode node, int line) throws ScriptException {
    if (node.size() != 1) {
      throw new ScriptException(
          line,
          "an event has exactly one of \"proposal\", \"prevote\", \"precommit\", \"timeout\"");
    }
    String kind = node.fieldNames().next();
    JsonNode body = node.get(kind);
    if (!body.isObject()) {
      throw new ScriptException(line, "\"" + kind + "\" must be an object");
    }
    long height = runner.machine().height();
    switch (kind) {
      case "proposal":
        {
          allowOnly(body, line, "round", "value", "valid_round", "from", "height");
          int validRound = body.has("valid_round") ? round(body, "valid_round", line, -1) : -1;
          if (!body.has("value") || body.get("value").isNull()) {
            throw new ScriptException(line, "a proposal needs a value");
          }
          return new Event.Receive(
              new Message.Proposal(
                  height(body, height, line),
                  round(body, "round", line, 0),
                  value(body.get("value"), "value", line),
                  validRound,
                  validatorIndex(text(body, "from", line), line)));
        }
      case "prevote":
      case "precommit":
        {
          allowOnly(body, line, "round", "value", "from", "height");
          if (!body.has("value")) {
            throw new ScriptException(line, "a vote needs \"value\" (null for nil)");
          }
          JsonNode v = body.get("value");
          return new Event.Receive(
              new Message.Vote(
                  kind.equals("prevote") ? VoteType.PREVOTE : VoteType.PRECOMMIT,
                  height(body, height, line),
                  round(body, "round", line, 0),
                  v.isNull() ? null : value(v, "value", line),
                  validatorIndex(text(body, "from", line), line)));
        }
      case "timeout":
        {
          allowOnly(body, line, "step", "round", "height");
          String step = text(body, "step", line);
          Step s;
          switch (step) {
            case "propose":
              s = Step.PROPOSE;
              break;
            case "prevote":
              s = Step.PREVOTE;
              break;
            case "precommit":
              s = Step.PRECOMMIT;
              break;
            default:
              throw new ScriptException(line, "timeout step must be propose, prevote or precommit");
          }
          return new Event.Timeout(height(body, height, line), round(body, "round", line, 0), s);
        }
      default:
        throw new ScriptException(line, "unknown event \"" + kind + "\"");
    }
  }

  private static void allowOnly(JsonNode node, int line, String... names) throws ScriptException {
    Set<String> allowed = Set.of(names);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new ScriptException(line, "unknown field \"" + f + "\"");
      }
    }
  }

  private static String text(JsonNode node, String field, int line) throws ScriptException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new ScriptException(line, "\"" + field + "\" must be a non-empty string");
    }
    return v.asText();
  }

  private static long integer(JsonNode node, String field, int line) throws ScriptException {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ScriptException(line, "\"" + field + "\" must be an integer");
    }
    return v.asLong();
  }

  private static int round(JsonNode node, String field, int line, int min) throws ScriptException {
    long r = integer(node, field, line);
    if (r < min || r > Integer.MAX_VALUE) {
      throw new ScriptException(line, "\"" + field + "\" must be an integer >= " + min);
    }
    return (int) r;
  }

  private static long height(JsonNode body, long current, int line) throws ScriptException {
    return body.has("height") ? integer(body, "height", line) : current;
  }

  private static Value value(JsonNode v, String field, int line) throws ScriptException {
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new ScriptException(line, "\"" + field + "\": a value is a non-empty string");
    }
    return Value.of(v.asText().getBytes(StandardCharsets.UTF_8));
  }

  private int validatorIndex(String name, int line) throws ScriptException {
    int i = validators.indexOf(name);
    if (i < 0) {
      throw new ScriptException(line, "no validator named \"" + name + "\"");
    }
    return i;
  }

  // ---- output ------------------------------------------------------------------------------

  private void print(List<Action> actions) {
    for (Action a : actions) {
      out.println(format(a).toString());
    }
    out.flush();
  }

  private ObjectNode format(Action a) {
    ObjectNode line = JSON.createObjectNode();
    if (a instanceof Action.EnterRound) {
      line.put("round", ((Action.EnterRound) a).round());
    } else if (a instanceof Action.Broadcast) {
      Message m = ((Action.Broadcast) a).message();
      if (m instanceof Message.Proposal) {
        Message.Proposal p = (Message.Proposal) m;
        ObjectNode body = line.putObject("propose");
        body.put("round", p.round());
        body.put("value", name(p.value()));
        body.put("valid_round", p.validRound());
      } else {
        Message.Vote v = (Message.Vote) m;
        ObjectNode body = line.putObject(v.type().label());
        body.put("round", v.round());
        body.put("value", v.isNil() ? null : name(v.value()));
      }
    } else if (a instanceof Action.ScheduleTimeout) {
      Action.ScheduleTimeout s = (Action.ScheduleTimeout) a;
      ObjectNode body = line.putObject("schedule");
      body.put("step", s.step().label());
      body.put("round", s.round());
    } else if (a instanceof Action.Decide) {
      Action.Decide d = (Action.Decide) a;
      ObjectNode body = line.putObject("decide");
      body.put("height", d.height());
      body.put("round", d.round());
      body.put("value", name(d.value()));
    } else if (a instanceof Action.ReportEvidence) {
      Evidence e = ((Action.ReportEvidence) a).evidence();
      ObjectNode body = line.putObject("evidence");
      body.put("from", validators.get(e.validator()).name());
      body.put("round", e.round());
      body.put("type", e.kind());
    } else {
      throw new IllegalStateException("not a visible action: " + a);
    }
    return line;
  }

  private static String name(Value v) {
    return new String(v.bytes(), StandardCharsets.UTF_8);
  }
}
