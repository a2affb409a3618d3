package io.cybergraph.node.rpc.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.evidence.DuplicateVotes;
import io.cybergraph.node.evidence.VerifiedEvidence;
import io.cybergraph.node.rpc.PageCursor;
import io.cybergraph.node.rpc.Params;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcException;
import io.cybergraph.node.rpc.RpcRequest;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.store.CommittedEvidence;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code /validators} (the set of a height) and {@code /evidence} (committed evidence, paged,
 * optionally of one block; or the pending pool with {@code status=pending}).
 */
public final class EvidenceHandlers {
  private static final int CURSOR_BYTES = 8 + 32;

  private final CyberNode node;
  private final int maxPage;

  public EvidenceHandlers(CyberNode node) {
    this.node = node;
    this.maxPage = node.config().rpc.maxPageSize;
  }

  public void register(RpcRoutes routes) {
    routes.register(RpcEndpoint.VALIDATORS, this::validators);
    routes.register(RpcEndpoint.EVIDENCE, this::evidence);
  }

  /** The set that signs {@code height} (default the latest committed; 1 before any block). */
  ObjectNode validators(RpcRequest request) {
    OptionalLong asked = Params.optionalHeight(request, "height");
    long height = asked.orElse(Math.max(1, node.head().height()));
    ValidatorSet set = node.validatorSets().at(height).orElseThrow(() -> RpcException.notFound(
        "unknown_height", "no validator set known for height " + height + " (latest is "
            + node.head().height() + "; the set of the next height is known too)"));
    long total = set.getValidatorsList().stream().mapToLong(Validator::getPower).sum();
    ObjectNode out = Views.object();
    out.put("block_height", height);
    out.put("count", set.getValidatorsCount());
    out.put("total_power", Long.toString(total));
    ArrayNode list = out.putArray("validators");
    for (Validator v : set.getValidatorsList()) {
      ObjectNode n = list.addObject();
      n.put("address", Address.toBech32(v.getAddress().toByteArray()));
      n.put("public_key", Views.hex(v.getPublicKey()));
      n.put("voting_power", Long.toString(v.getPower()));
      n.put("proposer_priority", "0"); // the proposer rule is stateless: no priorities
    }
    return out;
  }

  ObjectNode evidence(RpcRequest request) {
    String status = Params.choice(request, "status", "committed", "committed", "pending");
    OptionalLong height = Params.optionalHeight(request, "height");
    int limit = Params.limit(request, maxPage);
    byte[] cursor = Params.cursor(request);
    if (cursor != null && cursor.length != CURSOR_BYTES) {
      throw RpcException.badParameter(Params.NEXT, "not an evidence cursor of this node");
    }
    return status.equals("pending")
        ? pending(height, limit, cursor)
        : committed(height, limit, cursor);
  }

  private ObjectNode committed(OptionalLong height, int limit, byte[] cursor) {
    long from = 1;
    long to = Long.MAX_VALUE;
    if (height.isPresent()) {
      from = ChainReads.committed(node, height.getAsLong());
      to = from;
    }
    CommittedEvidence after = cursor == null ? null : new CommittedEvidence(
        ByteBuffer.wrap(cursor).getLong(), Arrays.copyOfRange(cursor, 8, CURSOR_BYTES), null);
    List<CommittedEvidence> page = node.store().evidence().page(from, to, after, limit + 1);
    ObjectNode out = Views.object();
    ArrayNode items = out.putArray("evidence");
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      CommittedEvidence c = page.get(i);
      ObjectNode n = evidence(parse(c.evidence(), c.height()));
      n.put("committed_height", c.height());
      items.add(n);
    }
    if (page.size() > limit) {
      CommittedEvidence last = page.get(limit - 1);
      out.put("next", PageCursor.encode(
          ByteBuffer.allocate(CURSOR_BYTES).putLong(last.height()).put(last.hash()).array()));
    } else {
      out.putNull("next");
    }
    return out;
  }

  /** Pending evidence, ordered by the height of its votes then equivocation key. */
  private ObjectNode pending(OptionalLong height, int limit, byte[] cursor) {
    ObjectNode out = Views.object();
    ArrayNode items = out.putArray("evidence");
    VerifiedEvidence last = null;
    boolean more = false;
    for (VerifiedEvidence v : node.evidence().pending()) {
      if (height.isPresent() && v.height() != height.getAsLong()) {
        continue;
      }
      if (cursor != null && Arrays.compareUnsigned(pendingCursor(v), cursor) <= 0) {
        continue;
      }
      if (items.size() == limit) {
        more = true;
        break;
      }
      ObjectNode n = evidence(v.evidence());
      n.putNull("committed_height");
      items.add(n);
      last = v;
    }
    if (more) {
      out.put("next", PageCursor.encode(pendingCursor(last)));
    } else {
      out.putNull("next");
    }
    return out;
  }

  /** Height u64 ‖ the first 32 bytes of the equivocation key (unique per item in practice). */
  private static byte[] pendingCursor(VerifiedEvidence v) {
    byte[] key = v.key().bytes();
    return ByteBuffer.allocate(CURSOR_BYTES).putLong(v.height()).put(key, 0, 32).array();
  }

  /** The view of one evidence item, as in {@code /evidence} and {@code /block}. */
  static ObjectNode evidence(Evidence e) {
    Vote a = e.getDuplicateVote().getVoteA();
    ObjectNode n = Views.object();
    n.put("type", "duplicate_vote");
    n.put("hash", Views.hex(DuplicateVotes.hash(e)));
    n.put("height", a.getHeight());
    n.put("round", a.getRound());
    n.put("vote_type", a.getType() == io.cybergraph.proto.pb.VoteType.VOTE_TYPE_PREVOTE
        ? "prevote" : "precommit");
    n.put("validator_address", Views.address(a.getValidatorAddress()));
    n.set("vote_a", Views.vote(a));
    n.set("vote_b", Views.vote(e.getDuplicateVote().getVoteB()));
    return n;
  }

  private static Evidence parse(byte[] bytes, long height) {
    try {
      return Evidence.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored evidence of block " + height + " does not parse", e);
    }
  }
}
