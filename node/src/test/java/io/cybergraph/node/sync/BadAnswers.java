package io.cybergraph.node.sync;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockResponse;
import io.cybergraph.proto.pb.Commit;
import java.util.List;
import java.util.function.UnaryOperator;

/** Ways a peer can spoil a block answer, each with the refusal it must get. */
final class BadAnswers {
  static final List<String> NAMES = List.of(
      "a precommit signature with a flipped bit",
      "a commit of 2/3 of the power only",
      "a precommit signed by a key outside the set",
      "a block with a tx removed",
      "a block with its header changed",
      "another block than the one asked for",
      "a commit for another height");

  private BadAnswers() {}

  /** The refusal message part for {@code name}. */
  static String reason(String name) {
    return switch (name) {
      case "a precommit signature with a flipped bit",
          "a precommit signed by a key outside the set" -> "has an invalid signature";
      case "a commit of 2/3 of the power only" -> "more than 2/3 is needed";
      case "a block with a tx removed", "a block with its header changed", "a commit for another height" ->
          "is not the block its commit finalises";
      case "another block than the one asked for" -> "asked for block";
      default -> throw new IllegalArgumentException(name);
    };
  }

  static UnaryOperator<BlockResponse> of(String name, TestHistory history) {
    return switch (name) {
      case "a precommit signature with a flipped bit" -> r -> {
        Commit c = r.getCommit();
        byte[] sig = c.getPrecommits(0).getSignature().toByteArray();
        sig[0] ^= 1;
        return r.toBuilder().setCommit(c.toBuilder().setPrecommits(0,
            c.getPrecommits(0).toBuilder().setSignature(ByteString.copyFrom(sig)))).build();
      };
      case "a commit of 2/3 of the power only" -> r -> {
        Commit c = r.getCommit(); // validators 0 and 2 of three with 10 each: 20 of 30
        return r.toBuilder().setCommit(history.validators.commit(c.getHeight(), c.getBlockId(),
            r.getBlock().getHeader().getTimeNs() + 1, 0, 2)).build();
      };
      case "a precommit signed by a key outside the set" -> r -> {
        Commit c = r.getCommit();
        return r.toBuilder().setCommit(c.toBuilder().setPrecommits(1, history.validators.precommit(
            TestValidators.key(77), 1, c.getHeight(), 0, c.getBlockId(), 5))).build();
      };
      case "a block with a tx removed" -> r -> {
        Block b = r.getBlock();
        return r.toBuilder().setBlock(b.toBuilder().setData(
            io.cybergraph.proto.pb.Data.newBuilder().addAllTxs(b.getData().getTxsList().subList(1, b.getData().getTxsCount())))).build();
      };
      case "a block with its header changed" -> r -> {
        Block b = r.getBlock();
        return r.toBuilder().setBlock(b.toBuilder().setHeader(
            b.getHeader().toBuilder().setTimeNs(b.getHeader().getTimeNs() + 1))).build();
      };
      case "another block than the one asked for" -> r -> {
        // a block well ahead when there is one: never among the heights this peer was asked
        // (at most 16 in flight), so block sync sees it as unasked whatever the timing; a
        // neighbour's block otherwise (BlockVerifier checks the height it asked for)
        long h = r.getBlock().getHeader().getHeight();
        return history.response(h + 17 <= history.height() ? h + 17 : h == 1 ? 2 : h - 1);
      };
      case "a commit for another height" -> r -> {
        long h = r.getBlock().getHeader().getHeight();
        return r.toBuilder().setCommit(history.response(h == 1 ? 2 : h - 1).getCommit()).build();
      };
      default -> throw new IllegalArgumentException(name);
    };
  }
}
