package io.cybergraph.node.rpc.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.node.chain.ChainHead;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.rpc.PageCursor;
import io.cybergraph.node.rpc.Params;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcException;
import io.cybergraph.node.rpc.RpcRequest;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.store.LinkProof;
import io.cybergraph.store.LinkRecord;
import io.cybergraph.store.Particle;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The graph routes: {@code /links} (provenance by neuron and height range, or by particle in or
 * out, paged over the append-only log), {@code /link} (every neuron that linked a pair, each
 * with an inclusion proof under {@code links_root}) and {@code /graph/stats}.
 */
public final class GraphHandlers {
  private final CyberNode node;
  private final int maxPage;

  public GraphHandlers(CyberNode node) {
    this.node = node;
    this.maxPage = node.config().rpc.maxPageSize;
  }

  public void register(RpcRoutes routes) {
    routes.register(RpcEndpoint.LINKS, this::links);
    routes.register(RpcEndpoint.LINK, this::link);
    routes.register(RpcEndpoint.GRAPH_STATS, r -> stats());
  }

  /** The particle a CID names, or 404 {@code unknown_particle}. */
  static Particle particle(CyberNode node, RpcRequest request, String name) {
    Cid cid = Params.cid(request, name);
    return node.store().particles().byKey(cid.key()).orElseThrow(() -> RpcException.notFound(
        "unknown_particle", name + ": " + cid.text() + " was never linked"));
  }

  /** The link sequence number a {@code next} cursor holds, or -1 on the first page. */
  private static long afterSeq(RpcRequest request) {
    byte[] cursor = Params.cursor(request);
    if (cursor == null) {
      return -1;
    }
    if (cursor.length != 8) {
      throw RpcException.badParameter(Params.NEXT, "not a cursor of this endpoint");
    }
    long seq = ByteBuffer.wrap(cursor).getLong();
    if (seq < 0) {
      throw RpcException.badParameter(Params.NEXT, "not a cursor of this endpoint");
    }
    return seq;
  }

  private static String cursorAfter(long seq) {
    return PageCursor.encode(ByteBuffer.allocate(8).putLong(seq).array());
  }

  ObjectNode links(RpcRequest request) {
    boolean byNeuron = Params.optional(request, "neuron") != null;
    boolean byParticle = Params.optional(request, "particle") != null;
    if (byNeuron == byParticle) {
      throw RpcException.badParameter(
          byNeuron ? "neuron" : "particle", "give exactly one of neuron and particle");
    }
    int limit = Params.limit(request, maxPage);
    long after = afterSeq(request);
    List<LinkRecord> page;
    try {
      if (byNeuron) {
        if (Params.optional(request, "direction") != null) {
          throw RpcException.badParameter("direction", "goes with particle, not neuron");
        }
        byte[] neuron = Params.address(request, "neuron");
        OptionalLong from = Params.optionalHeight(request, "from_height");
        OptionalLong to = Params.optionalHeight(request, "to_height");
        if (from.isPresent() && to.isPresent() && from.getAsLong() > to.getAsLong()) {
          throw RpcException.badParameter("from_height",
              "must be <= to_height (" + to.getAsLong() + "), got " + from.getAsLong());
        }
        page = node.store().queries().byNeuron(
            neuron, from.orElse(1), to.orElse(Long.MAX_VALUE), after, limit + 1);
      } else {
        for (String p : new String[] {"from_height", "to_height"}) {
          if (Params.optional(request, p) != null) {
            throw RpcException.badParameter(p, "goes with neuron, not particle");
          }
        }
        String direction = Params.choice(request, "direction", "out", "out", "in");
        Particle particle = particle(node, request, "particle");
        page = direction.equals("out")
            ? node.store().queries().outOf(particle.index(), after, limit + 1)
            : node.store().queries().into(particle.index(), after, limit + 1);
      }
    } catch (IllegalArgumentException e) { // a cursor of another query
      throw RpcException.badParameter(Params.NEXT, "not a cursor of this query: " + e.getMessage());
    }
    ObjectNode out = Views.object();
    ArrayNode list = out.putArray("links");
    Map<Integer, String> texts = new HashMap<>();
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      list.add(link(page.get(i), texts));
    }
    if (page.size() > limit) {
      out.put("next", cursorAfter(page.get(limit - 1).seq()));
    } else {
      out.putNull("next");
    }
    return out;
  }

  private ObjectNode link(LinkRecord l, Map<Integer, String> texts) {
    ObjectNode n = Views.object();
    n.put("seq", l.seq());
    n.put("neuron", Address.toBech32(l.neuron()));
    n.put("from", text(l.from(), texts));
    n.put("to", text(l.to(), texts));
    n.put("height", l.height());
    n.put("tx_hash", Views.hex(l.txHash()));
    n.put("tx_index", l.txIndex());
    return n;
  }

  private String text(int index, Map<Integer, String> texts) {
    return texts.computeIfAbsent(index, i -> node.store().particles().byIndex(i)
        .orElseThrow(() -> new IllegalStateException("particle " + i + " is missing")).text());
  }

  ObjectNode link(RpcRequest request) {
    Particle from = particle(node, request, "from");
    Particle to = particle(node, request, "to");
    int limit = Params.limit(request, maxPage);
    long after = afterSeq(request);
    ChainHead head = node.head(); // links_root, total and proofs all at this height
    long total = head.linkCount();
    List<LinkRecord> page = node.store().queries().between(from.index(), to.index(), after, limit + 1)
        .stream().filter(l -> l.seq() < total).toList();
    if (page.isEmpty() && after < 0) {
      throw RpcException.notFound("link_not_found",
          "nobody linked " + from.text() + " -> " + to.text());
    }
    ObjectNode out = Views.object();
    out.put("from", from.text());
    out.put("to", to.text());
    out.put("links_root", Views.hex(head.linksRoot()));
    out.put("links_height", head.height());
    out.put("total", total);
    out.put("accounts_root", Views.hex(head.accountsRoot()));
    out.put("results_hash", Views.hex(head.resultsHash()));
    ArrayNode neurons = out.putArray("neurons");
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      LinkRecord l = page.get(i);
      LinkProof proof = node.store().linkTree().proof(l.seq(), total);
      ObjectNode n = neurons.addObject();
      n.put("neuron", Address.toBech32(l.neuron()));
      n.put("seq", l.seq());
      n.put("height", l.height());
      n.put("tx_hash", Views.hex(l.txHash()));
      n.put("tx_index", l.txIndex());
      n.put("leaf", Views.hex(proof.leaf()));
      n.set("proof", Views.proof(l.seq(), total, proof.path()));
    }
    if (page.size() > limit) {
      out.put("next", cursorAfter(page.get(limit - 1).seq()));
    } else {
      out.putNull("next");
    }
    return out;
  }

  ObjectNode stats() {
    ChainHead head = node.head();
    ObjectNode out = Views.object();
    out.put("height", head.height());
    out.put("particles", node.store().particleCount());
    out.put("links", head.linkCount());
    out.put("neurons", node.linkers().count());
    return out;
  }
}
