package io.cybergraph.node.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.consensus.engine.ConsensusNetwork;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-only equivocator: what it sends, and that what it sends is evidence. */
class EquivocatingNetworkTest {
  private static final int BASE = 70;
  private static final KeyPair ME = TestChain.key(BASE);

  @TempDir Path dir;

  /** What would leave the node. */
  private static final class Sent implements ConsensusNetwork {
    final List<Object> messages = new ArrayList<>();

    @Override
    public void broadcast(Proposal proposal) {
      messages.add(proposal);
    }

    @Override
    public void broadcast(Vote vote) {
      messages.add(vote);
    }
  }

  @Test
  void eachOwnVoteIsFollowedByAConflictingOneThatVerifiesAsEvidence() throws Exception {
    Sent sent = new Sent();
    EquivocatingNetwork net = new EquivocatingNetwork(sent, ME, Votes.CHAIN_ID);
    Vote prevote = Votes.vote(ME, 0, VoteType.VOTE_TYPE_PREVOTE, 1, 0, "A");
    Vote nilPrecommit = Votes.vote(ME, 0, VoteType.VOTE_TYPE_PRECOMMIT, 1, 0, null);
    Vote someoneElses = Votes.vote(TestChain.key(BASE + 1), 1, VoteType.VOTE_TYPE_PREVOTE, 1, 0, "A");
    net.broadcast(Proposal.getDefaultInstance());
    net.broadcast(prevote);
    net.broadcast(nilPrecommit);
    net.broadcast(someoneElses);
    assertEquals(6, sent.messages.size(), "proposal, 2 × (vote, twin), a relayed vote");
    assertEquals(prevote, sent.messages.get(1));
    Vote twin = (Vote) sent.messages.get(2);
    assertNotEquals(prevote.getBlockId(), twin.getBlockId());
    assertEquals(someoneElses, sent.messages.get(5), "only our own votes get a twin");
    try (ChainStore store = ChainStore.open(dir.resolve("s"), new StoreOptions(8 << 20, 8 << 20))) {
      EvidenceVerifier verifier = new EvidenceVerifier(Votes.CHAIN_ID,
          ValidatorSets.fixed(Votes.set(BASE, 2), store::latestHeight), EvidenceParams.defaults(),
          store.evidence());
      verifier.verify(DuplicateVotes.evidence(prevote, twin), 2);
      verifier.verify(DuplicateVotes.evidence(nilPrecommit, (Vote) sent.messages.get(4)), 2);
    }
  }

  @Test
  void theFlagIsOnlyForTestChains() {
    assertNull(UnsafeEquivocation.refusal("cyber-devnet", Map.of()));
    assertNull(UnsafeEquivocation.refusal("test-chain", Map.of()));
    assertNull(UnsafeEquivocation.refusal("Local-1", Map.of()));
    String refusal = UnsafeEquivocation.refusal("bostrom", Map.of());
    assertNotNull(refusal);
    assertTrue(refusal.contains("CYBER_UNSAFE_EQUIVOCATE"), refusal);
    assertNotNull(UnsafeEquivocation.refusal("bostrom", Map.of("CYBER_UNSAFE_EQUIVOCATE", "yes")));
    assertNull(UnsafeEquivocation.refusal("bostrom", Map.of("CYBER_UNSAFE_EQUIVOCATE", "1")));
  }
}
