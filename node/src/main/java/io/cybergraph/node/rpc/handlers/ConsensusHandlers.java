package io.cybergraph.node.rpc.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.node.chain.ChainHead;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.consensus.ConsensusStateView;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcRequest;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /consensus_state}: the height being decided, its round and step, the round's proposer,
 * and every vote this node holds for the height, per round and type, one entry per validator
 * (its block hash, {@code "nil"}, or null when no vote has arrived), with the power for a block,
 * for nil, and in total. A node without BFT consensus (the only validator, a full node) shows
 * the next height at round 0 with no votes.
 */
public final class ConsensusHandlers {
  private final CyberNode node;
  private final Supplier<ConsensusStateView> consensus; // null: no BFT on this node
  private final ValidatorSet validators;
  private final long totalPower;

  public ConsensusHandlers(CyberNode node, Supplier<ConsensusStateView> consensus) {
    this.node = node;
    this.consensus = consensus;
    this.validators = CyberNode.validatorSet(node.genesis());
    this.totalPower = validators.getValidatorsList().stream().mapToLong(Validator::getPower).sum();
  }

  public void register(RpcRoutes routes) {
    routes.register(RpcEndpoint.CONSENSUS_STATE, this::consensusState);
  }

  ObjectNode consensusState(RpcRequest request) {
    ChainHead head = node.head();
    ConsensusStateView view = consensus == null ? null : consensus.get();
    ObjectNode out = Views.object();
    out.put("height", view == null ? head.height() + 1 : view.height());
    out.put("round", view == null ? 0 : view.round());
    out.put("step", view == null ? "new_height" : view.step());
    out.put("proposer", view == null ? "" : Address.toBech32(view.proposer()));
    out.put("start_time", head.header() == null ? null : Views.time(head.header().getTimeNs()));
    out.put("proposal_block_hash", view == null ? "" : Views.hex(view.proposalHash()));
    out.put("locked_block_hash", view == null ? "" : Views.hex(view.lockedHash()));
    out.put("valid_block_hash", view == null ? "" : Views.hex(view.validHash()));
    out.put("locked_round", view == null ? -1 : view.lockedRound());
    out.put("valid_round", view == null ? -1 : view.validRound());
    int round = view == null ? 0 : view.round();
    TreeMap<Integer, ObjectNode> rounds = new TreeMap<>();
    if (view != null) {
      for (Vote v : view.votes()) {
        ObjectNode r = rounds.computeIfAbsent(v.getRound(), this::emptyRound);
        String kind = v.getType() == VoteType.VOTE_TYPE_PREVOTE ? "prevotes" : "precommits";
        record((ObjectNode) r.get(kind), v);
      }
    }
    ObjectNode current = rounds.getOrDefault(round, emptyRound(round));
    out.set("prevotes", summary((ObjectNode) current.get("prevotes")));
    out.set("precommits", summary((ObjectNode) current.get("precommits")));
    ArrayNode all = out.putArray("votes");
    rounds.values().forEach(all::add);
    return out;
  }

  private ObjectNode emptyRound(int round) {
    ObjectNode r = Views.object();
    r.put("round", round);
    for (String kind : new String[] {"prevotes", "precommits"}) {
      ObjectNode k = r.putObject(kind);
      k.put("power", "0");
      k.put("nil_power", "0");
      k.put("total_power", Long.toString(totalPower));
      ArrayNode by = k.putArray("by_validator");
      for (int i = 0; i < validators.getValidatorsCount(); i++) {
        by.addNull();
      }
    }
    return r;
  }

  /** One vote into its round and type; a second (conflicting) vote of a validator is shown too. */
  private void record(ObjectNode kind, Vote v) {
    int i = v.getValidatorIndex();
    if (i < 0 || i >= validators.getValidatorsCount()) {
      return;
    }
    ArrayNode by = (ArrayNode) kind.get("by_validator");
    String value = v.getBlockId().getHash().isEmpty() ? "nil" : Views.hex(v.getBlockId().getHash());
    if (!by.get(i).isNull()) {
      by.set(i, by.get(i).asText() + "," + value); // an equivocation
      return;
    }
    by.set(i, value);
    long power = validators.getValidators(i).getPower();
    kind.put("power", Long.toString(Long.parseLong(kind.get("power").asText()) + power));
    if (value.equals("nil")) {
      kind.put("nil_power", Long.toString(Long.parseLong(kind.get("nil_power").asText()) + power));
    }
  }

  private static ObjectNode summary(ObjectNode kind) {
    ObjectNode s = Views.object();
    s.put("power", kind.get("power").asText());
    s.put("total_power", kind.get("total_power").asText());
    s.put("nil_power", kind.get("nil_power").asText());
    return s;
  }
}
