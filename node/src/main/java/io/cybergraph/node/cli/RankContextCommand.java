package io.cybergraph.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.query.ContextRanker;
import io.cybergraph.rank.query.FocusOperator;
import io.cybergraph.rank.query.QueryGraph;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code cyber rank context}: focus in the context of a particle, π*(·|p), on the history's
 * final graph and stakes (docs/explain.md).
 */
@Command(
    name = "context",
    mixinStandardHelpOptions = true,
    description = {
      "Focus in the context of a particle: the tri-kernel fixed point with the diffusion's "
          + "restart mass sent to the particle (floating point; not consensus)."
    })
public final class RankContextCommand implements Callable<Integer> {
  /** Every printed value is within this of the converged fixed point. */
  static final double TOLERANCE = 1e-4;

  /** Local pushes may cost this many global iterations before the global fallback. */
  static final double LOCAL_BUDGET = ContextRanker.DEFAULT_BUDGET;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin RankQueryInput input;

  @Override
  public Integer call() {
    return RankQueryInput.exitCode("context", spec.commandLine().getErr(), () -> {
      RankQueryInput.Loaded in = input.load();
      FocusOperator op = new FocusOperator(QueryGraph.of(in.graph().linkView()), in.params());
      ContextRanker ranker;
      try {
        ranker = new ContextRanker(op, TOLERANCE, LOCAL_BUDGET, 100_000);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--params: " + e.getMessage());
      }
      ContextRanker.Context c = ranker.rank(in.particle(), input.top);
      PrintWriter out = spec.commandLine().getOut();
      if (input.json) {
        out.println(new ObjectMapper().writeValueAsString(json(c, in.graph())));
      } else {
        out.printf(Locale.ROOT, "context of %s (%s, every value within %.1e)%n",
            in.graph().particle(c.particle()), c.method().name().toLowerCase(Locale.ROOT),
            c.errorBound());
        for (int i = 0; i < c.top().length; i++) {
          out.printf(Locale.ROOT, "  %.6f  %s%n", c.values()[i], in.graph().particle(c.top()[i]));
        }
      }
      out.flush();
    });
  }

  static ObjectNode json(ContextRanker.Context c, CybergraphState graph) {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("particle", graph.particle(c.particle()));
    ArrayNode focus = o.putArray("focus");
    for (int i = 0; i < c.top().length; i++) {
      ArrayNode row = focus.addArray();
      row.add(graph.particle(c.top()[i]));
      row.add(c.values()[i]);
    }
    o.put("error_bound", c.errorBound());
    o.put("method", c.method().name().toLowerCase(Locale.ROOT));
    return o;
  }
}
