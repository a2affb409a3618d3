package io.cybergraph.node.rpc.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.cybergraph.node.rpc.RpcJson;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/** The shared JSON objects of {@code docs/rpc.md} ("Shared objects") and value formats. */
final class Views {
  private static final HexFormat HEX = HexFormat.of();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Views() {}

  static ObjectNode object() {
    return RpcJson.object();
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  /** An address as bech32, or "" when empty. */
  static String address(ByteString address) {
    return address.isEmpty() ? "" : Address.toBech32(address.toByteArray());
  }

  /** RFC 3339 UTC with 9 fractional digits. */
  static String time(long unixNanos) {
    return TIME.format(Instant.ofEpochSecond(Math.floorDiv(unixNanos, 1_000_000_000L),
        Math.floorMod(unixNanos, 1_000_000_000L)));
  }

  static ObjectNode blockId(BlockID id) {
    ObjectNode n = object();
    n.put("hash", hex(id.getHash()));
    ObjectNode parts = n.putObject("parts");
    parts.put("total", id.getParts().getTotal());
    parts.put("hash", hex(id.getParts().getHash()));
    return n;
  }

  static ObjectNode header(Header h) {
    ObjectNode n = object();
    n.put("chain_id", h.getChainId());
    n.put("height", h.getHeight());
    n.put("time", time(h.getTimeNs()));
    n.set("last_block_id", blockId(h.getLastBlockId()));
    n.put("last_commit_hash", hex(h.getLastCommitHash()));
    n.put("data_hash", hex(h.getDataHash()));
    n.put("validators_hash", hex(h.getValidatorsHash()));
    n.put("app_hash", hex(h.getAppHash()));
    n.put("rank_root", hex(h.getRankRoot()));
    n.put("rank_height", h.getRankHeight());
    n.put("proposer", address(h.getProposer()));
    return n;
  }

  static ObjectNode vote(Vote v) {
    ObjectNode n = object();
    n.put("type", v.getType() == VoteType.VOTE_TYPE_PREVOTE ? "prevote" : "precommit");
    n.put("height", v.getHeight());
    n.put("round", v.getRound());
    n.set("block_id", blockId(v.getBlockId()));
    n.put("timestamp", time(v.getTimestampNs()));
    n.put("validator_address", address(v.getValidatorAddress()));
    n.put("validator_index", v.getValidatorIndex());
    n.put("signature", hex(v.getSignature()));
    return n;
  }

  static ObjectNode commit(Commit c) {
    ObjectNode n = object();
    n.put("height", c.getHeight());
    n.put("round", c.getRound());
    n.set("block_id", blockId(c.getBlockId()));
    ArrayNode votes = n.putArray("signatures");
    for (Vote v : c.getPrecommitsList()) {
      votes.add(vote(v));
    }
    return n;
  }

  /** An RFC 6962 audit path: {@code {"index", "total", "aunts"}}. */
  static ObjectNode proof(long index, long total, List<byte[]> path) {
    ObjectNode n = object();
    n.put("index", index);
    n.put("total", total);
    ArrayNode aunts = n.putArray("aunts");
    for (byte[] p : path) {
      aunts.add(hex(p));
    }
    return n;
  }
}
