package io.cybergraph.consensus.engine;

import io.cybergraph.consensus.adaptor.VoteValidator;
import io.cybergraph.consensus.state.Message;
import io.cybergraph.proto.pb.Vote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed votes of the current height, as received: a commit is built from them, and evidence
 * carries two of them. Like the machine's tallies it keeps at most {@link #MAX_PER_SLOT} different
 * votes per validator, round and type.
 */
final class VoteStore {
  static final int MAX_PER_SLOT = 4;

  private record Slot(Object type, int round, int validator) {}

  // lookups only; commits are sorted by validator index
  private final Map<Message.Vote, Vote> byMessage = new HashMap<>();
  private final Map<Slot, Integer> perSlot = new HashMap<>();

  void add(Vote vote) {
    Message.Vote m = VoteValidator.toMessage(vote);
    if (byMessage.containsKey(m)) {
      return;
    }
    Slot slot = new Slot(m.type(), m.round(), m.sender());
    int n = perSlot.getOrDefault(slot, 0);
    if (n < MAX_PER_SLOT) {
      perSlot.put(slot, n + 1);
      byMessage.put(m, vote);
    }
  }

  /**
   * False for a vote this store (and the machine's tally, which has the same bound) would drop:
   * its validator has {@link #MAX_PER_SLOT} other votes in its round and type already. A copy of
   * a kept vote is true.
   */
  boolean keeps(Vote vote) {
    Message.Vote m = VoteValidator.toMessage(vote);
    return byMessage.containsKey(m)
        || perSlot.getOrDefault(new Slot(m.type(), m.round(), m.sender()), 0) < MAX_PER_SLOT;
  }

  /** The signed vote behind a machine vote, or null. */
  Vote get(Message.Vote m) {
    return byMessage.get(m);
  }

  /** The precommits for {@code value} at {@code round}, in validator order. */
  List<Vote> precommitsFor(int round, io.cybergraph.consensus.state.Value value) {
    List<Vote> found = new ArrayList<>();
    for (Map.Entry<Message.Vote, Vote> e : byMessage.entrySet()) {
      Message.Vote m = e.getKey();
      if (m.type() == io.cybergraph.consensus.state.VoteType.PRECOMMIT
          && m.round() == round
          && value.equals(m.value())) {
        found.add(e.getValue());
      }
    }
    found.sort(Comparator.comparingInt(Vote::getValidatorIndex));
    return found;
  }

  void clear() {
    byMessage.clear();
    perSlot.clear();
  }
}
