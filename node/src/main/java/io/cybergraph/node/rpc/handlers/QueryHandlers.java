package io.cybergraph.node.rpc.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.rankpipe.RankQueries;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.node.rpc.Params;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcException;
import io.cybergraph.node.rpc.RpcRequest;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.rank.graph.LinkView;
import io.cybergraph.rank.query.ContextRanker;
import io.cybergraph.rank.query.Estimator;
import io.cybergraph.rank.query.Explanation;
import io.cybergraph.store.LinkQueries;
import io.cybergraph.store.LinkRecord;
import io.cybergraph.store.Particle;
import java.util.List;
import java.util.Locale;

/**
 * {@code /rank/explain} (the links and neurons that hold up a particle's focus, with their
 * provenance) and {@code /rank/context} (focus in the context of a particle) on the latest
 * computed focus. Floating point on the query side (docs/explain.md); nothing here is agreed.
 */
public final class QueryHandlers {
  private final CyberNode node;
  private final RankQueries queries;
  private final int maxPage;

  public QueryHandlers(CyberNode node, RankQueries queries) {
    this.node = node;
    this.queries = queries;
    this.maxPage = node.config().rpc.maxPageSize;
  }

  public void register(RpcRoutes routes) {
    routes.register(RpcEndpoint.RANK_EXPLAIN, r -> bounded(queries, () -> explain(r)));
    routes.register(RpcEndpoint.RANK_CONTEXT, r -> bounded(queries, () -> context(r)));
  }

  /** Runs a query in one of the {@link RankQueries#MAX_RUNNING} slots, or answers 503 busy. */
  static ObjectNode bounded(RankQueries queries, java.util.function.Supplier<ObjectNode> query) {
    if (!queries.tryStart()) {
      throw new RpcException(503, "busy", RankQueries.MAX_RUNNING
          + " explain/context queries are running; try again later");
    }
    try {
      return query.get();
    } finally {
      queries.finish();
    }
  }

  /** {@code top}: 1..max page size, default 20 (or the max page size when smaller). */
  static int top(RpcRequest request, int maxPage) {
    String value = Params.optional(request, "top");
    if (value == null) {
      return Math.min(Params.DEFAULT_PAGE_SIZE, maxPage);
    }
    long top;
    try {
      top = Long.parseLong(value);
    } catch (NumberFormatException e) {
      top = -1;
    }
    if (top < 1 || top > maxPage || !value.matches("[0-9]+")) {
      throw RpcException.badParameter("top",
          "must be 1.." + maxPage + " (rpc.max_page_size), got \"" + value + "\"");
    }
    return (int) top;
  }

  /** The latest snapshot, with the particle ranked in it. */
  static RankSnapshot ranked(CyberNode node, Particle p) {
    RankSnapshot s = node.rank().latest();
    if (p.index() >= s.particles()) {
      throw RpcException.notFound("not_ranked",
          p.text() + " was linked after rank height " + s.height() + "; its focus comes later");
    }
    if (s.linkView() == null) {
      throw new RpcException(503, "no_query_graph",
          "the focus of height " + s.height() + " has no query graph");
    }
    return s;
  }

  ObjectNode explain(RpcRequest request) {
    Particle p = GraphHandlers.particle(node, request, "cid");
    int top = top(request, maxPage);
    RankSnapshot s = ranked(node, p);
    RankQueries.Tools t = queries.tools(s);
    if (t.explainer() == null) {
      throw new RpcException(503, "explain_unavailable",
          "explain needs lambda_d > 0 in the rank parameters (a unique fixed point)");
    }
    double[] focus = queries.focus(s, t);
    Explanation e = t.explainer().explain(p.index(), focus, Estimator.TRANSPOSE);
    LinkView v = s.linkView();
    ObjectNode out = Views.object();
    out.put("cid", s.cid(p.index()));
    out.put("height", s.height());
    out.put("focus", Long.toString(s.focus(p.index())));
    ArrayNode links = out.putArray("links");
    for (int l : e.topLinks(top)) {
      int from = v.linkFrom()[l];
      int to = v.linkTo()[l];
      String neuron = v.neuronIds()[v.linkNeuron()[l]];
      ObjectNode n = links.addObject();
      n.put("neuron", neuron);
      n.put("from", s.cid(from));
      n.put("to", s.cid(to));
      n.put("weight", Long.toString(v.weight(l)));
      n.put("attribution", e.linkAttribution()[l]);
      LinkRecord r = provenance(from, to, neuron);
      if (r == null) {
        n.putNull("height");
        n.putNull("tx_hash");
      } else {
        n.put("height", r.height());
        n.put("tx_hash", Views.hex(r.txHash()));
        n.put("tx_index", r.txIndex());
        n.put("seq", r.seq());
      }
    }
    ArrayNode neurons = out.putArray("neurons");
    for (int k : e.topNeurons(top)) {
      ObjectNode n = neurons.addObject();
      n.put("neuron", v.neuronIds()[k]);
      n.put("attribution", e.neuronAttribution()[k]);
    }
    return out;
  }

  /** The context ranker, or 503 when the rule has no restart to send to a particle. */
  static ContextRanker ranker(RankQueries queries, RankSnapshot s) {
    ContextRanker ranker = queries.ranker(s);
    if (ranker == null) {
      throw new RpcException(503, "context_unavailable",
          "focus in context needs lambda_d > 0 and alpha < 1 in the rank parameters");
    }
    return ranker;
  }

  /** The stored link of {@code neuron} on the pair: its height and transaction. */
  private LinkRecord provenance(int from, int to, String neuron) {
    LinkQueries q = node.store().queries();
    long after = -1;
    while (true) {
      List<LinkRecord> page = q.between(from, to, after, LinkQueries.WALK_PAGE);
      for (LinkRecord r : page) {
        if (Address.toBech32(r.neuron()).equals(neuron)) {
          return r;
        }
      }
      if (page.size() < LinkQueries.WALK_PAGE) {
        return null;
      }
      after = page.get(page.size() - 1).seq();
    }
  }

  ObjectNode context(RpcRequest request) {
    Particle p = GraphHandlers.particle(node, request, "cid");
    int top = top(request, maxPage);
    RankSnapshot s = ranked(node, p);
    ContextRanker.Context c = ranker(queries, s).rank(p.index(), top);
    ObjectNode out = Views.object();
    out.put("cid", s.cid(p.index()));
    out.put("height", s.height());
    ArrayNode focus = out.putArray("focus");
    for (int i = 0; i < c.top().length; i++) {
      ArrayNode row = focus.addArray();
      row.add(s.cid(c.top()[i]));
      row.add(c.values()[i]);
    }
    out.put("error_bound", c.errorBound());
    out.put("method", c.method().name().toLowerCase(Locale.ROOT));
    return out;
  }
}
