package io.cybergraph.node.chain;

import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * BFT time (design "Header"): the time of block h is the power-weighted median of the
 * timestamps of the precommits in the commit of h − 1, and the genesis time at height 1. Every
 * precommit's timestamp is after the time of the block it votes for, so block times only
 * increase.
 */
public final class BftTime {
  private BftTime() {}

  /**
   * The power-weighted median of the commit's precommit timestamps: sort the votes by time and
   * take the first at which the cumulative power exceeds half the commit's power.
   */
  public static long median(Commit commit, ValidatorSet validators) {
    record Stamp(long timeNs, long power) {}
    List<Stamp> stamps = new ArrayList<>();
    long total = 0;
    for (Vote vote : commit.getPrecommitsList()) {
      long power = powerOf(vote, validators);
      stamps.add(new Stamp(vote.getTimestampNs(), power));
      total += power;
    }
    if (stamps.isEmpty() || total == 0) {
      throw new IllegalArgumentException(
          "commit of height " + commit.getHeight() + " has no precommit of a known validator");
    }
    stamps.sort(Comparator.comparingLong(Stamp::timeNs));
    long half = total / 2;
    long sum = 0;
    for (Stamp s : stamps) {
      sum += s.power();
      if (sum > half) {
        return s.timeNs();
      }
    }
    return stamps.get(stamps.size() - 1).timeNs();
  }

  private static long powerOf(Vote vote, ValidatorSet validators) {
    int index = vote.getValidatorIndex();
    if (index < 0 || index >= validators.getValidatorsCount()) {
      return 0;
    }
    Validator v = validators.getValidators(index);
    return Arrays.equals(v.getAddress().toByteArray(), vote.getValidatorAddress().toByteArray())
        ? v.getPower()
        : 0;
  }
}
