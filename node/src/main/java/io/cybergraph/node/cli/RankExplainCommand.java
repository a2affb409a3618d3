package io.cybergraph.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.graph.LinkView;
import io.cybergraph.rank.query.Estimator;
import io.cybergraph.rank.query.Explainer;
import io.cybergraph.rank.query.Explanation;
import io.cybergraph.rank.query.FocusOperator;
import io.cybergraph.rank.query.QueryGraph;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cyber rank explain}: which links and neurons hold up a particle's focus at the fixed
 * point of the history's final graph and stakes (docs/explain.md).
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Attribute a particle's focus to links and neurons: w_e * d focus_p / d w_e at the "
          + "fixed point of the final graph and stakes (floating point; not consensus)."
    })
public final class RankExplainCommand implements Callable<Integer> {
  /** Fixed point and adjoint solve stop when an iteration moves less than this. */
  static final double TOLERANCE = 1e-13;

  static final int MAX_ITERATIONS = 100_000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin RankQueryInput input;

  @Option(names = "--estimator", paramLabel = "E", defaultValue = "transpose",
      description = "transpose (exact adjoint), ep or unrolled:T (for comparison)")
  String estimator;

  @Override
  public Integer call() {
    return RankQueryInput.exitCode("explain", spec.commandLine().getErr(), () -> {
      Estimator est;
      try {
        est = Estimator.parse(estimator);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--estimator: " + e.getMessage());
      }
      RankQueryInput.Loaded in = input.load();
      LinkView view = in.graph().linkView();
      FocusOperator op = new FocusOperator(QueryGraph.of(view), in.params());
      Explainer explainer;
      try {
        explainer = new Explainer(op, TOLERANCE, MAX_ITERATIONS);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--params: " + e.getMessage());
      }
      Explanation e = explainer.explain(in.particle(), explainer.fixedPoint().x(), est);
      PrintWriter out = spec.commandLine().getOut();
      if (input.json) {
        out.println(new ObjectMapper().writeValueAsString(json(e, in.graph(), view, input.top)));
      } else {
        text(e, in.graph(), view, input.top, out);
      }
      out.flush();
    });
  }

  static ObjectNode json(Explanation e, CybergraphState graph, LinkView view, int top) {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("particle", graph.particle(e.particle()));
    o.put("focus", e.focus());
    o.put("estimator", e.estimator().toString());
    ArrayNode links = o.putArray("links");
    for (int l : e.topLinks(top)) {
      ObjectNode n = links.addObject();
      n.put("neuron", view.neuronIds()[view.linkNeuron()[l]]);
      n.put("from", graph.particle(view.linkFrom()[l]));
      n.put("to", graph.particle(view.linkTo()[l]));
      n.put("weight", view.weight(l));
      n.put("attribution", e.linkAttribution()[l]);
    }
    ArrayNode neurons = o.putArray("neurons");
    for (int k : e.topNeurons(top)) {
      ObjectNode n = neurons.addObject();
      n.put("neuron", view.neuronIds()[k]);
      n.put("attribution", e.neuronAttribution()[k]);
    }
    return o;
  }

  private static void text(
      Explanation e, CybergraphState graph, LinkView view, int top, PrintWriter out) {
    out.printf(Locale.ROOT, "particle %s  focus %.6e  estimator %s%n",
        graph.particle(e.particle()), e.focus(), e.estimator());
    out.println("links (by |attribution|):");
    for (int l : e.topLinks(top)) {
      out.printf(Locale.ROOT, "  %+.6e  %s  %s -> %s  weight %d%n", e.linkAttribution()[l],
          view.neuronIds()[view.linkNeuron()[l]], graph.particle(view.linkFrom()[l]),
          graph.particle(view.linkTo()[l]), view.weight(l));
    }
    out.println("neurons:");
    for (int k : e.topNeurons(top)) {
      out.printf(Locale.ROOT, "  %+.6e  %s%n", e.neuronAttribution()[k], view.neuronIds()[k]);
    }
  }
}
