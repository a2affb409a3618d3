package io.cybergraph.node.rpc.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.rankpipe.RankQueries;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.rank.query.ContextRanker;
import io.cybergraph.node.rpc.PageCursor;
import io.cybergraph.node.rpc.Params;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcException;
import io.cybergraph.node.rpc.RpcRequest;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.rank.tree.FocusProof;
import io.cybergraph.store.LinkQueries;
import io.cybergraph.store.LinkRecord;
import io.cybergraph.store.Particle;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rank routes: {@code /rank/particle} (focus with its proof against the rank root), {@code
 * /rank/top}, {@code /rank/search} and {@code /rank/backlinks} (neighbours by focus), {@code
 * /karma} and {@code /rank/params}. They read the latest computed focus (or a kept one) from
 * the rank pipeline's snapshots and never wait for the rank thread. Lists ordered by focus
 * are paged over one snapshot: the cursor pins its height.
 */
public final class RankHandlers {
  /** Neighbour lists read at most this many links of a particle (hubs are cut there). */
  static final int MAX_NEIGHBOUR_LINKS = 200_000;

  private static final long ONE = 1L << 60;

  private final CyberNode node;
  private final int maxPage;
  private final int lag;

  private final RankQueries queries;
  private final RankCursorPins pins;

  public RankHandlers(CyberNode node) {
    this(node, new RankQueries(node.genesis().rankParams()));
  }

  /** @param queries the explain/context state, for {@code /rank/search?order=context} */
  public RankHandlers(CyberNode node, RankQueries queries) {
    this.node = node;
    this.queries = queries;
    this.maxPage = node.config().rpc.maxPageSize;
    this.pins = new RankCursorPins(node.config().rpc.rankCursorPins, System::nanoTime);
    this.lag = node.genesis().file().rank.lagBlocks;
  }

  public void register(RpcRoutes routes) {
    routes.register(RpcEndpoint.RANK_PARTICLE, this::particle);
    routes.register(RpcEndpoint.RANK_TOP, this::top);
    routes.register(RpcEndpoint.RANK_SEARCH, r -> "context".equals(Params.optional(r, "order"))
        ? QueryHandlers.bounded(queries, () -> search(r)) : search(r));
    routes.register(RpcEndpoint.RANK_BACKLINKS, r -> neighbours(r, false));
    routes.register(RpcEndpoint.KARMA, this::karma);
    routes.register(RpcEndpoint.RANK_PARAMS, r -> params());
  }

  private RankSnapshot kept(long height, String code) {
    Optional<RankSnapshot> s = node.rank().at(height);
    if (s.isEmpty()) {
      RankSnapshot latest = node.rank().latest();
      throw new RpcException(code.equals("cursor_expired") ? 410 : 404, code,
          "focus of height " + height + " is not kept (kept: " + node.rank().earliestKept() + ".."
              + latest.height() + ")");
    }
    return s.get();
  }

  ObjectNode particle(RpcRequest request) {
    Particle p = GraphHandlers.particle(node, request, "cid");
    OptionalLong asked = Params.optionalHeight(request, "height");
    RankSnapshot s = asked.isPresent()
        ? kept(asked.getAsLong(), "focus_not_kept")
        : node.rank().latest();
    if (p.index() >= s.particles()) {
      throw RpcException.notFound("not_ranked",
          p.text() + " was linked after rank height " + s.height() + "; its focus comes later");
    }
    FocusProof proof = s.proof(p.index());
    ObjectNode out = Views.object();
    out.put("cid", s.cid(p.index()));
    out.put("index", p.index());
    out.put("focus", Long.toString(s.focus(p.index())));
    out.put("height", s.height());
    out.put("rank_root", Views.hex(s.root()));
    out.put("header_height", s.height() + lag);
    out.set("proof", Views.proof(proof.index(), proof.size(), proof.path()));
    return out;
  }

  /** A focus-ordered page position: snapshot height and offset into the order. */
  private record Position(long height, int offset) {}

  private static Position position(RpcRequest request) {
    byte[] cursor = Params.cursor(request);
    if (cursor == null) {
      return null;
    }
    if (cursor.length != 12) {
      throw RpcException.badParameter(Params.NEXT, "not a cursor of this endpoint");
    }
    ByteBuffer b = ByteBuffer.wrap(cursor);
    Position p = new Position(b.getLong(), b.getInt());
    if (p.height() < 0 || p.offset() < 0) {
      throw RpcException.badParameter(Params.NEXT, "not a cursor of this endpoint");
    }
    return p;
  }

  private static String cursor(long height, int offset) {
    return PageCursor.encode(ByteBuffer.allocate(12).putLong(height).putInt(offset).array());
  }

  private RankSnapshot pinned(Position at) {
    if (at == null) {
      return node.rank().latest();
    }
    Optional<RankSnapshot> held = pins.find(at.height());
    return held.isPresent() ? held.get() : kept(at.height(), "cursor_expired");
  }

  /** The cursor of a focus-ordered page after {@code offset}; its snapshot is held for it. */
  private String nextPage(RankSnapshot s, int offset) {
    pins.hold(s);
    return cursor(s.height(), offset);
  }

  private static ObjectNode entry(RankSnapshot s, int index) {
    ObjectNode n = Views.object();
    n.put("cid", s.cid(index));
    n.put("index", index);
    n.put("focus", Long.toString(s.focus(index)));
    return n;
  }

  /** Adds {@code order[offset ..]} up to {@code limit} entries and the next cursor. */
  private void page(ObjectNode out, RankSnapshot s, int[] order, int offset, int limit) {
    ArrayNode list = out.putArray("particles");
    int end = (int) Math.min(order.length, (long) offset + limit);
    for (int i = offset; i < end; i++) {
      list.add(entry(s, order[i]));
    }
    if (end < order.length) {
      out.put("next", nextPage(s, end));
    } else {
      out.putNull("next");
    }
  }

  ObjectNode top(RpcRequest request) {
    int limit = Params.limit(request, maxPage);
    Position at = position(request);
    RankSnapshot s = pinned(at);
    ObjectNode out = Views.object();
    out.put("height", s.height());
    out.put("rank_root", Views.hex(s.root()));
    out.put("total", s.particles());
    page(out, s, s.byFocus(), at == null ? 0 : at.offset(), limit);
    return out;
  }

  /**
   * Out-neighbours of a particle by focus ({@code order=focus}, the default) or by focus in
   * the particle's context, π*(·|p) ({@code order=context}, on the latest focus; the cursor
   * pins its height like the focus order's).
   */
  ObjectNode search(RpcRequest request) {
    String order = Params.choice(request, "order", "focus", "focus", "context");
    if (order.equals("focus")) {
      return neighbours(request, true);
    }
    Particle p = GraphHandlers.particle(node, request, "cid");
    int limit = Params.limit(request, maxPage);
    Position at = position(request);
    RankSnapshot s = pinned(at);
    if (p.index() >= s.particles()) {
      throw RpcException.notFound("not_ranked",
          p.text() + " was linked after rank height " + s.height() + "; its focus comes later");
    }
    if (s.linkView() == null || s != node.rank().latest()) {
      throw new RpcException(410, "cursor_expired",
          "context order pages over the latest focus only; start again");
    }
    ContextRanker.Solution context = QueryHandlers.ranker(queries, s).solve(p.index());
    Neighbours found = neighboursByFocus(p.index(), true, s);
    int[] ordered = java.util.Arrays.stream(found.order()).boxed()
        .sorted((a, b) -> {
          int c = Double.compare(context.value(b), context.value(a));
          return c != 0 ? c : Integer.compare(a, b);
        })
        .mapToInt(Integer::intValue)
        .toArray();
    ObjectNode answer = Views.object();
    answer.put("cid", p.text());
    answer.put("height", s.height());
    answer.put("order", "context");
    ArrayNode list = answer.putArray("particles");
    int offset = at == null ? 0 : at.offset();
    int end = (int) Math.min(ordered.length, (long) offset + limit);
    for (int i = offset; i < end; i++) {
      ObjectNode n = entry(s, ordered[i]);
      n.put("context", context.value(ordered[i]));
      list.add(n);
    }
    answer.put("error_bound", context.errorBound());
    answer.put("truncated", found.truncated());
    if (end < ordered.length) {
      answer.put("next", cursor(s.height(), end));
    } else {
      answer.putNull("next");
    }
    return answer;
  }

  /** Out-neighbours ({@code search}) or in-neighbours of a particle, by focus. */
  ObjectNode neighbours(RpcRequest request, boolean out) {
    Particle p = GraphHandlers.particle(node, request, "cid");
    int limit = Params.limit(request, maxPage);
    Position at = position(request);
    RankSnapshot s = pinned(at);
    Neighbours found = neighboursByFocus(p.index(), out, s);
    ObjectNode answer = Views.object();
    answer.put("cid", p.text());
    answer.put("height", s.height());
    answer.put("truncated", found.truncated());
    page(answer, s, found.order(), at == null ? 0 : at.offset(), limit);
    return answer;
  }

  /**
   * A particle's distinct neighbours, highest focus first; {@code truncated} when the particle
   * has more than {@link #MAX_NEIGHBOUR_LINKS} links and only that many were read.
   */
  private record Neighbours(int[] order, boolean truncated) {}

  /**
   * Distinct neighbours ranked at {@code s}'s height, highest focus first, ties by index: only
   * links of the snapshot's graph (link seq below its link count), so a cursor's pages stay
   * one consistent list while new links are committed.
   */
  private Neighbours neighboursByFocus(int particle, boolean out, RankSnapshot s) {
    LinkQueries q = node.store().queries();
    int[] found = new int[16];
    int count = 0;
    int last = -1;
    long after = -1;
    int read = 0;
    boolean more = false;
    while (true) {
      List<LinkRecord> links = out
          ? q.outOf(particle, after, LinkQueries.WALK_PAGE)
          : q.into(particle, after, LinkQueries.WALK_PAGE);
      for (LinkRecord l : links) {
        int other = out ? l.to() : l.from();
        if (l.seq() >= s.links() || other == last) {
          continue; // linked after the snapshot, or a neighbour already counted (grouped by it)
        }
        if (count == found.length) {
          found = Arrays.copyOf(found, count * 2);
        }
        found[count++] = other;
        last = other;
      }
      read += links.size();
      if (links.size() < LinkQueries.WALK_PAGE) {
        break;
      }
      if (read >= MAX_NEIGHBOUR_LINKS) {
        more = true;
        break;
      }
      after = links.get(links.size() - 1).seq();
    }
    int[] order = Arrays.stream(Arrays.copyOf(found, count))
        .boxed()
        .sorted((a, b) -> {
          int c = Long.compare(s.focus(b), s.focus(a));
          return c != 0 ? c : Integer.compare(a, b);
        })
        .mapToInt(Integer::intValue)
        .toArray();
    return new Neighbours(order, more);
  }

  ObjectNode karma(RpcRequest request) {
    byte[] neuron = Params.address(request, "neuron");
    RankSnapshot s = node.rank().latest();
    String id = Address.toBech32(neuron);
    ObjectNode out = Views.object();
    out.put("neuron", id);
    out.put("height", s.height());
    out.put("karma", Long.toString(s.karmaOf(id)));
    return out;
  }

  ObjectNode params() {
    Genesis.RankGenesis r = node.genesis().file().rank;
    ObjectNode out = Views.object();
    ObjectNode p = out.putObject("params");
    p.put("alpha", r.alpha);
    p.put("lambda_d", r.lambdaD);
    p.put("lambda_s", r.lambdaS);
    p.put("lambda_h", r.lambdaH);
    p.put("mu", r.mu);
    p.put("tau", r.tau);
    p.put("springs_terms", r.springsTerms);
    p.put("heat_terms", r.heatTerms);
    p.put("tolerance", r.tolerance);
    p.put("max_iterations", r.maxIterations);
    p.put("lag_blocks", r.lagBlocks);
    out.put("one", Long.toString(ONE));
    RankSnapshot s = node.rank().latest();
    if (s.height() == 0) {
      out.putNull("last");
    } else {
      ObjectNode last = out.putObject("last");
      last.put("height", s.height());
      last.put("particles", s.particles());
      last.put("iterations", s.iterations());
      last.put("delta", Long.toString(s.delta()));
      last.put("rank_root", Views.hex(s.root()));
      last.put("compute_ms", s.computeMillis());
    }
    return out;
  }
}
