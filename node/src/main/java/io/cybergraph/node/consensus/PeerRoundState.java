package io.cybergraph.node.consensus;

import io.cybergraph.proto.pb.ConsensusStep;
import io.cybergraph.proto.pb.NewRoundStep;
import java.util.HashSet;
import java.util.Set;

/**
 * What we know of one peer's consensus: its height, round and step from its {@code
 * NewRoundStep}, when that last changed, and which items of its height it has (it sent them or
 * said so with {@code HasVote}, or we sent them), so nothing is sent twice without need.
 */
final class PeerRoundState {
  private long height = -1; // unknown until its first NewRoundStep
  private int round;
  private ConsensusStep step = ConsensusStep.CONSENSUS_STEP_NEW_HEIGHT;
  private long changedNanos;
  private long resentNanos;
  private final Set<String> has = new HashSet<>();
  private GossipBook.Position announced; // our position as last sent to this peer

  PeerRoundState(long nowNanos) {
    this.changedNanos = nowNanos;
  }

  synchronized void update(NewRoundStep m, long nowNanos) {
    if (m.getHeight() != height) {
      has.clear();
    }
    if (m.getHeight() != height || m.getRound() != round || m.getStep() != step) {
      changedNanos = nowNanos;
    }
    height = m.getHeight();
    round = m.getRound();
    step = m.getStep();
  }

  synchronized long height() {
    return height;
  }

  synchronized int round() {
    return round;
  }

  synchronized ConsensusStep step() {
    return step;
  }

  /** Marks an item of {@code itemHeight} as had by the peer (ignored for other heights). */
  synchronized void has(long itemHeight, String key) {
    if (itemHeight == height) {
      has.add(key);
    }
  }

  synchronized boolean lacks(String key) {
    return !has.contains(key);
  }

  synchronized void sent(String key) {
    has.add(key);
  }

  /**
   * True (once per {@code afterNanos}) when the peer has not moved for {@code afterNanos}:
   * everything is then sent again, in case a message was lost or dropped.
   */
  synchronized boolean stuck(long nowNanos, long afterNanos) {
    if (nowNanos - changedNanos < afterNanos || nowNanos - resentNanos < afterNanos) {
      return false;
    }
    resentNanos = nowNanos;
    has.clear();
    return true;
  }

  synchronized boolean announce(GossipBook.Position ours) {
    if (ours.equals(announced)) {
      return false;
    }
    announced = ours;
    return true;
  }

  synchronized void unannounce() {
    announced = null;
  }
}
