package io.cybergraph.node.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.p2p.NodeId;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BlockPoolTest {
  private static final NodeId A = new NodeId("aa".repeat(20));
  private static final NodeId B = new NodeId("bb".repeat(20));
  private static final NodeId C = new NodeId("cc".repeat(20));
  private static final long TIMEOUT = Duration.ofSeconds(10).toNanos();

  /** Window 8, 3 per peer, 1000 bytes buffered, 10 s timeout, 2 timeouts in a row. */
  private static final SyncConfig CONFIG = new SyncConfig(8, 3, 1000, Duration.ofNanos(TIMEOUT), 2,
      Duration.ofMillis(10), 1, Duration.ZERO, 3);

  private static VerifiedBlock block(long h) {
    return new VerifiedBlock(h, Block.getDefaultInstance(), Commit.getDefaultInstance(),
        BlockID.getDefaultInstance());
  }

  private static Map<NodeId, List<Long>> byPeer(List<BlockPool.Assignment> as) {
    return as.stream().collect(Collectors.groupingBy(BlockPool.Assignment::peer, TreeMap::new,
        Collectors.mapping(BlockPool.Assignment::height, Collectors.toList())));
  }

  @Test
  void requestsAreSpreadOverPeersThatHaveTheHeightsWithinTheLimits() {
    BlockPool pool = new BlockPool(CONFIG, 10);
    pool.peerHeight(A, 100);
    pool.peerHeight(B, 13);
    pool.peerHeight(C, 5); // behind us: never asked
    Map<NodeId, List<Long>> asked = byPeer(pool.schedule(0));
    // the least busy peer first, 3 per peer at most; B can serve 11..13 only
    assertEquals(Set.of(A, B), asked.keySet());
    assertEquals(3, asked.get(A).size());
    assertTrue(asked.get(B).stream().allMatch(h -> h <= 13), asked.toString());
    assertEquals(List.of(11L, 12L, 13L, 14L), asked.values().stream().flatMap(List::stream)
        .sorted().toList(), "15 and up wait until A has room");
    assertEquals(List.of(), pool.schedule(0), "every peer is at its limit");
    assertEquals(100, pool.maxPeerHeight());
  }

  @Test
  void theWindowBoundsHowFarAheadIsAsked() {
    BlockPool pool = new BlockPool(CONFIG, 0);
    for (NodeId p : List.of(A, B, C)) {
      pool.peerHeight(p, 1000);
    }
    List<BlockPool.Assignment> asked = pool.schedule(0);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L),
        asked.stream().map(BlockPool.Assignment::height).sorted().toList());
  }

  @Test
  void blocksLeaveInHeightOrderOnlyOnceVerified() throws Exception {
    BlockPool pool = new BlockPool(CONFIG, 0);
    pool.peerHeight(A, 2);
    pool.schedule(0);
    assertEquals(BlockPool.Arrival.ACCEPTED, pool.onBlock(A, 2, 10));
    pool.verified(2, A, block(2));
    assertNull(pool.awaitNext(0), "block 1 is not there yet");
    assertEquals(BlockPool.Arrival.ACCEPTED, pool.onBlock(A, 1, 10));
    assertNull(pool.awaitNext(0), "block 1 is not verified yet");
    pool.verified(1, A, block(1));
    assertEquals(1, pool.awaitNext(0).height());
    pool.applied(1);
    assertEquals(2, pool.awaitNext(0).height());
    pool.applied(2);
    assertNull(pool.awaitNext(0));
  }

  @Test
  void answersNotAskedOfThatPeerAreTold() {
    BlockPool pool = new BlockPool(CONFIG, 0);
    pool.peerHeight(A, 1);
    pool.peerHeight(B, 0);
    pool.schedule(0);
    assertEquals(BlockPool.Arrival.UNASKED, pool.onBlock(B, 1, 10), "asked of A, not B");
    assertEquals(BlockPool.Arrival.UNASKED, pool.onBlock(A, 7, 10), "never asked");
    assertEquals(BlockPool.Arrival.ACCEPTED, pool.onBlock(A, 1, 10));
    assertEquals(BlockPool.Arrival.UNASKED, pool.onBlock(A, 1, 10), "answered twice");
  }

  @Test
  void aTimedOutRequestGoesToAnotherPeerAndTheLateAnswerIsDropped() {
    BlockPool pool = new BlockPool(CONFIG, 0);
    pool.peerHeight(A, 1);
    assertEquals(List.of(new BlockPool.Assignment(1, A)), pool.schedule(0));
    pool.peerHeight(B, 1);
    assertEquals(List.of(), pool.expire(TIMEOUT), "not past the deadline yet");
    assertEquals(List.of(), pool.expire(TIMEOUT + 1), "one timeout is not yet too many");
    assertEquals(List.of(new BlockPool.Assignment(1, B)), pool.schedule(TIMEOUT + 1));
    assertEquals(BlockPool.Arrival.LATE, pool.onBlock(A, 1, 10));
    assertEquals(BlockPool.Arrival.ACCEPTED, pool.onBlock(B, 1, 10));
  }

  @Test
  void aPeerThatKeepsTimingOutIsReported() {
    BlockPool pool = new BlockPool(CONFIG, 0);
    pool.peerHeight(A, 10);
    pool.schedule(0); // 1..3 to A
    assertEquals(List.of(A), pool.expire(TIMEOUT + 1), "two in a row");
  }

  @Test
  void aPeerThatSaidNoBlockDoesNotMakeTheNodeCaughtUp() {
    BlockPool pool = new BlockPool(CONFIG, 0);
    assertFalse(pool.isTip(0), "no peers: nobody vouches for height 0");
    pool.peerHeight(A, 20);
    pool.schedule(0);
    pool.onNoBlock(A, 1);
    assertEquals(0, pool.maxPeerHeight(), "nothing to ask A for");
    assertFalse(pool.isTip(0), "A claims 20: stalled at 0, not caught up");
    pool.peerHeight(B, 0);
    assertTrue(pool.isTip(0), "B is at 0 too");
    pool.peerHeight(B, 3);
    assertFalse(pool.isTip(0), "B can serve 1..3");
    assertTrue(pool.isTip(3));
  }

  @Test
  void noBlockSendsTheRequestElsewhereAndStopsAskingThatPeerUntilItGrows() {
    BlockPool pool = new BlockPool(CONFIG, 0);
    pool.peerHeight(A, 5);
    pool.schedule(0); // 1..3 to A
    pool.onNoBlock(A, 2);
    pool.onBlock(A, 1, 10);
    pool.onNoBlock(A, 3);
    assertEquals(1, pool.maxPeerHeight(), "A is taken to have block 1 only");
    assertEquals(List.of(), pool.schedule(0));
    pool.peerHeight(A, 5); // the same report again changes nothing
    assertEquals(List.of(), pool.schedule(0));
    pool.peerHeight(A, 6);
    assertEquals(List.of(2L, 3L, 4L),
        pool.schedule(0).stream().map(BlockPool.Assignment::height).toList());
  }

  @Test
  void aRejectedPeersUnverifiedBlocksAreAskedAgainOfOthers() throws Exception {
    BlockPool pool = new BlockPool(CONFIG, 0);
    pool.peerHeight(A, 6);
    pool.peerHeight(B, 6);
    Map<NodeId, List<Long>> first = byPeer(pool.schedule(0));
    for (long h : first.get(A)) {
      pool.onBlock(A, h, 10);
    }
    long aFirst = first.get(A).get(0);
    pool.verified(aFirst, A, block(aFirst)); // proven blocks stay, whoever sent them
    pool.rejected(A);
    for (long h : first.get(B)) {
      pool.onBlock(B, h, 10); // B has room again
    }
    Map<NodeId, List<Long>> again = byPeer(pool.schedule(0));
    assertEquals(Set.of(B), again.keySet(), "A is gone");
    for (long h : first.get(A)) {
      assertEquals(h != aFirst, again.get(B).contains(h), "height " + h);
    }
  }

  @Test
  void bufferedBytesStopNewRequestsUntilBlocksAreApplied() throws Exception {
    BlockPool pool = new BlockPool(CONFIG, 0);
    pool.peerHeight(A, 100);
    pool.schedule(0); // 1..3
    pool.onBlock(A, 1, 600);
    pool.onBlock(A, 2, 600); // 1200 bytes buffered > 1000
    assertEquals(List.of(), pool.schedule(0));
    pool.verified(1, A, block(1));
    pool.awaitNext(0);
    pool.applied(1); // 600 left
    assertEquals(List.of(4L, 5L),
        pool.schedule(0).stream().map(BlockPool.Assignment::height).toList());
  }

  @Test
  void aPeerThatLeavesHasItsRequestsAskedOfOthers() {
    BlockPool pool = new BlockPool(CONFIG, 0);
    pool.peerHeight(A, 2);
    pool.schedule(0);
    pool.removePeer(A);
    assertEquals(0, pool.maxPeerHeight());
    pool.peerHeight(B, 2);
    assertEquals(List.of(1L, 2L),
        pool.schedule(0).stream().map(BlockPool.Assignment::height).toList());
    pool.retainPeers(Set.of(A));
    assertEquals(0, pool.peerCount());
  }

  @Test
  void answersToRequestsOfAReplacedConnectionAreLateNotUnasked() {
    // both nodes dial at once after a restart: the second connection replaces the first (a
    // disconnect and a connect of the same node) while requests are out, and the answers come
    // over the new connection. Seen in a kill -9 torture: the restarted validator banned an
    // honest peer for 5 minutes for "block 870 unasked".
    BlockPool pool = new BlockPool(CONFIG, 0);
    pool.peerHeight(A, 10);
    assertEquals(List.of(1L, 2L, 3L), pool.schedule(0).stream()
        .map(BlockPool.Assignment::height).sorted().toList());
    pool.removePeer(A); // the first connection is replaced...
    pool.peerHeight(A, 10); // ...by the second one
    assertEquals(BlockPool.Arrival.LATE, pool.onBlock(A, 1, 10), "asked over the first one");
    // 1, 2 and 3 are asked again over the new connection; both answers to 2 may come
    assertEquals(List.of(1L, 2L, 3L), pool.schedule(0).stream()
        .map(BlockPool.Assignment::height).filter(h -> h <= 3).sorted().toList());
    assertEquals(BlockPool.Arrival.ACCEPTED, pool.onBlock(A, 2, 10));
    assertEquals(BlockPool.Arrival.LATE, pool.onBlock(A, 2, 10), "the first request's answer");
    assertEquals(BlockPool.Arrival.UNASKED, pool.onBlock(A, 2, 10), "a third answer: never asked");
    // a peer that never comes back leaves nothing behind once the heights are applied
    pool.removePeer(A);
    pool.advanceTo(3);
    pool.peerHeight(A, 10);
    assertEquals(BlockPool.Arrival.LATE, pool.onBlock(A, 3, 10), "at or below the applied height");
    assertEquals(BlockPool.Arrival.UNASKED, pool.onBlock(A, 9, 10), "never asked of anyone");
  }

  @Test
  void heightsCommittedByConsensusAreNoLongerWantedAndTheirRequestsFreeThePeers() throws Exception {
    BlockPool pool = new BlockPool(CONFIG, 0);
    pool.peerHeight(A, 10);
    assertEquals(List.of(1L, 2L, 3L), pool.schedule(0).stream()
        .map(BlockPool.Assignment::height).sorted().toList());
    assertEquals(BlockPool.Arrival.ACCEPTED, pool.onBlock(A, 1, 10));
    pool.verified(1, A, block(1));
    pool.advanceTo(2); // consensus committed 1 and 2
    assertEquals(2, pool.appliedHeight());
    assertNull(pool.awaitNext(0), "block 1 is gone, 3 is not there yet");
    assertEquals(BlockPool.Arrival.LATE, pool.onBlock(A, 2, 10), "an answer no longer wanted");
    // A had 3 in flight; 1 arrived and 2 was dropped: it has room again for 4 and 5
    assertEquals(List.of(4L, 5L), pool.schedule(0).stream()
        .map(BlockPool.Assignment::height).sorted().toList());
    pool.advanceTo(1); // behind the applied height: nothing changes
    assertEquals(2, pool.appliedHeight());
  }
}
