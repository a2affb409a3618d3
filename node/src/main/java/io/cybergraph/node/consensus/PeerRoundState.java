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
  /**
   * Items a peer may announce at one height before the set starts over: a height's votes and
   * parts are far fewer (validators × rounds × 2 + parts), and announcing made-up items (a HasVote
   * costs nothing) would otherwise grow the set until the next height. Starting over only means
   * items may be sent again.
   */
  static final int MAX_ANNOUNCED = 8_192;
  /**
   * Doublings of the stuck-peer resend interval while the peer stays where it is: 2, 4, 8, 16 s
   * with the default 2 s. A peer that never moves (its node busy or broken) was sent the block
   * (up to 4 MiB) every 2 s for as long as it stayed; a lost message still comes again after
   * the first interval, as before.
   */
  static final int MAX_RESEND_DOUBLINGS = 3;

  private long height = -1; // unknown until its first NewRoundStep
  private long highest = -1; // the highest height it announced
  private long restartedNanos; // when the set of what it has last started over
  private int round;
  private ConsensusStep step = ConsensusStep.CONSENSUS_STEP_NEW_HEIGHT;
  private long changedNanos;
  private long resentNanos;
  private int resendsInPlace; // resends since the peer last moved
  private final Set<String> has = new HashSet<>();
  private int announcedItems; // items the peer said it has at this height
  private GossipBook.Position announced; // our position as last sent to this peer

  PeerRoundState(long nowNanos) {
    this.changedNanos = nowNanos;
  }

  /**
   * The peer's new position. A height above any it announced before (what honest peers do)
   * starts the set of what it has over; a return to a lower height does so at most once per
   * {@code againNanos} (the stuck-peer resend interval): a peer alternating between two heights
   * in its NewRoundStep, 20 bytes each, had the proposal, the block's parts and the votes sent
   * again at every change. Items of the other height left in the set only keep back what the
   * stuck-peer resend sends.
   */
  synchronized void update(NewRoundStep m, long nowNanos, long againNanos) {
    if (m.getHeight() != height
        && (m.getHeight() > highest || nowNanos - restartedNanos >= againNanos)) {
      has.clear();
      announcedItems = 0;
      restartedNanos = nowNanos;
    }
    highest = Math.max(highest, m.getHeight());
    if (m.getHeight() != height || m.getRound() != round || m.getStep() != step) {
      changedNanos = nowNanos;
      resendsInPlace = 0;
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
    if (itemHeight != height || has.contains(key)) {
      return;
    }
    if (++announcedItems > MAX_ANNOUNCED) {
      has.clear();
      announcedItems = 1;
    }
    has.add(key);
  }

  synchronized boolean lacks(String key) {
    return !has.contains(key);
  }

  synchronized void sent(String key) {
    has.add(key);
  }

  /** Items remembered (tests). */
  synchronized int items() {
    return has.size();
  }

  /**
   * True when the peer has not moved for {@code afterNanos}: everything is then sent again, in
   * case a message was lost or dropped. While it stays, each next resend waits twice as long, up
   * to {@link #MAX_RESEND_DOUBLINGS} doublings.
   */
  synchronized boolean stuck(long nowNanos, long afterNanos) {
    long wait = afterNanos << Math.min(resendsInPlace, MAX_RESEND_DOUBLINGS);
    if (nowNanos - changedNanos < afterNanos || nowNanos - resentNanos < wait) {
      return false;
    }
    resentNanos = nowNanos;
    resendsInPlace++;
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
