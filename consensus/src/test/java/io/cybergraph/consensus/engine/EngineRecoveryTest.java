package io.cybergraph.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.consensus.adaptor.Verdict;
import io.cybergraph.consensus.signer.Signer;
import io.cybergraph.consensus.state.Action;
import io.cybergraph.consensus.state.RoundState;
import io.cybergraph.consensus.state.Step;
import io.cybergraph.consensus.state.TimeoutConfig;
import io.cybergraph.consensus.wal.Wal;
import io.cybergraph.consensus.wal.WalConfig;
import io.cybergraph.consensus.wal.WalRecord;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.DuplicateVoteEvidence;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with real files: a scripted run over two heights (lock, equivocation, timeouts, round
 * skip, our own proposals, a decision, a value request), then a crash after every record of its
 * WAL: the restarted engine must reach the same state and actions, continue to the same end, and
 * never sign anything different from what the first run signed.
 */
class EngineRecoveryTest {
  static final String CHAIN = "cyber-test";
  static final KeyPair[] KEYS = new KeyPair[4];
  static final ValidatorSet SET;

  static {
    ValidatorSet.Builder set = ValidatorSet.newBuilder();
    for (int i = 0; i < 4; i++) {
      byte[] seed = new byte[32];
      Arrays.fill(seed, (byte) (i + 1));
      KEYS[i] = KeyPair.fromSeed(seed);
      set.addValidators(
          Validator.newBuilder()
              .setAddress(ByteString.copyFrom(KEYS[i].address()))
              .setPublicKey(ByteString.copyFrom(KEYS[i].publicKey()))
              .setPower(1));
    }
    SET = set.build();
  }

  static final BlockID A = block(0xA);
  static final BlockID B = block(0xB);
  static final BlockID C = block(0xC);
  static final BlockID NIL = BlockID.getDefaultInstance();

  static BlockID block(int b) {
    byte[] hash = new byte[32];
    Arrays.fill(hash, (byte) b);
    byte[] parts = hash.clone();
    parts[0] = 0;
    return BlockID.newBuilder()
        .setHash(ByteString.copyFrom(hash))
        .setParts(PartSetHeader.newBuilder().setTotal(1).setHash(ByteString.copyFrom(parts)))
        .build();
  }

  static Vote vote(int v, VoteType type, long h, int r, BlockID id) {
    Vote unsigned =
        Vote.newBuilder()
            .setType(type)
            .setHeight(h)
            .setRound(r)
            .setBlockId(id)
            .setTimestampNs(42)
            .setValidatorAddress(ByteString.copyFrom(KEYS[v].address()))
            .setValidatorIndex(v)
            .build();
    return unsigned.toBuilder()
        .setSignature(ByteString.copyFrom(KEYS[v].sign(SignBytes.vote(unsigned, CHAIN))))
        .build();
  }

  static Vote prevote(int v, long h, int r, BlockID id) {
    return vote(v, VoteType.VOTE_TYPE_PREVOTE, h, r, id);
  }

  static Vote precommit(int v, long h, int r, BlockID id) {
    return vote(v, VoteType.VOTE_TYPE_PRECOMMIT, h, r, id);
  }

  static Proposal proposal(int v, long h, int r, int pol, BlockID id) {
    Proposal unsigned =
        Proposal.newBuilder()
            .setHeight(h)
            .setRound(r)
            .setPolRound(pol)
            .setBlockId(id)
            .setTimestampNs(7)
            .setProposerAddress(ByteString.copyFrom(KEYS[v].address()))
            .build();
    return unsigned.toBuilder()
        .setSignature(ByteString.copyFrom(KEYS[v].sign(SignBytes.proposal(unsigned, CHAIN))))
        .build();
  }

  /** The node's side of the engine's three interfaces, recording every call. */
  static final class Outside implements ConsensusNetwork, ConsensusApplication, TimeoutScheduler {
    final List<Object> sent = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    final List<Commit> commits = new ArrayList<>();
    final List<DuplicateVoteEvidence> evidence = new ArrayList<>();

    @Override
    public void broadcast(Proposal proposal) {
      sent.add(proposal);
    }

    @Override
    public void broadcast(Vote vote) {
      sent.add(vote);
    }

    @Override
    public void requestValue(long height, int round) {
      calls.add("requestValue " + height + " " + round);
    }

    @Override
    public void checkValidity(long height, BlockID blockId) {
      calls.add("checkValidity " + height + " " + blockId.getHash().byteAt(0));
    }

    @Override
    public void decided(Commit commit) {
      commits.add(commit);
    }

    @Override
    public void evidence(DuplicateVoteEvidence e) {
      evidence.add(e);
    }

    @Override
    public void schedule(long height, int round, Step step, long delayMillis) {
      calls.add("schedule " + height + " " + round + " " + step.label());
    }
  }

  interface Input {
    void apply(ConsensusEngine engine, long nowNs) throws IOException;
  }

  /** The scripted run: we are validator 0 of four; each step is one engine input. */
  static final List<Input> STEPS =
      List.of(
          (e, t) -> e.start(1, SET, t), // 0: round 0, v1 proposes
          (e, t) -> e.onProposal(proposal(1, 1, 0, -1, A), t), // 1: asks validity of A
          (e, t) -> e.onValidity(1, A, true, t), // 2: we prevote A
          (e, t) -> e.onVote(prevote(1, 1, 0, A), t),
          (e, t) -> e.onVote(prevote(2, 1, 0, A), t), // 4: polka: we lock A, precommit A
          (e, t) -> e.onVote(precommit(2, 1, 0, NIL), t),
          (e, t) -> e.onVote(precommit(3, 1, 0, NIL), t), // 6: precommit timeout scheduled
          (e, t) -> e.onTimeout(1, 0, Step.PRECOMMIT, t), // 7: round 1, v2 proposes
          (e, t) -> e.onProposal(proposal(2, 1, 1, -1, B), t),
          (e, t) -> e.onValidity(1, B, true, t), // 9: locked on A: we prevote nil
          (e, t) -> e.onVote(prevote(3, 1, 1, B), t),
          (e, t) -> e.onVote(prevote(3, 1, 1, A), t), // 11: v3 equivocates: evidence
          (e, t) -> e.onVote(prevote(2, 1, 1, B), t), // 12: prevote timeout scheduled
          (e, t) -> e.onTimeout(1, 1, Step.PREVOTE, t), // 13: we precommit nil
          (e, t) -> e.onVote(prevote(1, 1, 3, A), t),
          (e, t) -> e.onVote(prevote(2, 1, 3, A), t), // 15: skip to round 3: we propose A (vr 0)
          (e, t) -> e.onVote(precommit(1, 1, 3, A), t),
          (e, t) -> e.onVote(precommit(2, 1, 3, A), t), // 17: decide A
          (e, t) -> e.endHeight(1),
          (e, t) -> e.start(2, SET, t), // 19: height 2, v2 proposes round 0
          (e, t) -> e.onVote(prevote(1, 2, 2, NIL), t),
          (e, t) -> e.onVote(prevote(3, 2, 2, NIL), t), // 21: skip to round 2: ours, request value
          (e, t) -> e.onValue(2, 2, C, t), // 22: we propose C and prevote it
          (e, t) -> e.onTimeout(2, 2, Step.PROPOSE, t)); // 23: stale: changes nothing

  static long time(int step) {
    return 1_000_000L * (step + 1);
  }

  /** An engine on real files, with what the outside saw. */
  static final class Node implements AutoCloseable {
    final Wal wal;
    final Outside outside = new Outside();
    final ConsensusEngine engine;

    Node(Path walDir, Path signerState) throws IOException {
      wal = Wal.open(walDir, WalConfig.DEFAULT);
      engine =
          new ConsensusEngine(
              CHAIN,
              TimeoutConfig.DEFAULT,
              wal,
              Signer.open(signerState, KEYS[0]),
              outside,
              outside,
              outside);
    }

    @Override
    public void close() throws IOException {
      wal.close();
    }
  }

  /** The live run: state and actions after every step, and the final WAL. */
  static final class LiveRun {
    final List<RoundState> states = new ArrayList<>();
    final List<List<Action>> actions = new ArrayList<>();
    Outside outside;
    List<WalRecord> records;
  }

  static LiveRun live(Path dir) throws IOException {
    LiveRun run = new LiveRun();
    try (Node node = new Node(dir.resolve("wal"), dir.resolve("state"))) {
      for (int i = 0; i < STEPS.size(); i++) {
        STEPS.get(i).apply(node.engine, time(i));
        run.states.add(node.engine.state());
        run.actions.add(node.engine.actionsOfHeight());
      }
      run.outside = node.outside;
    }
    try (Wal wal = Wal.open(dir.resolve("wal"), WalConfig.DEFAULT)) {
      run.records = wal.recovered();
    }
    return run;
  }

  static String key(Object signed) {
    if (signed instanceof Proposal) {
      Proposal p = (Proposal) signed;
      return "proposal " + p.getHeight() + "/" + p.getRound();
    }
    Vote v = (Vote) signed;
    return v.getType() + " " + v.getHeight() + "/" + v.getRound();
  }

  @Test
  void theScriptedRunDoesWhatThePaperSays(@TempDir Path dir) throws IOException {
    LiveRun run = live(dir);
    Outside out = run.outside;
    // our messages, in order, each verifiable
    List<String> sent = new ArrayList<>();
    for (Object m : out.sent) {
      sent.add(key(m));
      if (m instanceof Vote) {
        Vote v = (Vote) m;
        assertTrue(
            Ed25519.verify(
                KEYS[0].publicKey(), SignBytes.vote(v, CHAIN), v.getSignature().toByteArray()));
      }
    }
    assertEquals(
        List.of(
            "VOTE_TYPE_PREVOTE 1/0",
            "VOTE_TYPE_PRECOMMIT 1/0",
            "VOTE_TYPE_PREVOTE 1/1",
            "VOTE_TYPE_PRECOMMIT 1/1",
            "proposal 1/3",
            "VOTE_TYPE_PREVOTE 1/3",
            "VOTE_TYPE_PRECOMMIT 1/3",
            "proposal 2/2",
            "VOTE_TYPE_PREVOTE 2/2"),
        sent);
    assertEquals(NIL, ((Vote) out.sent.get(2)).getBlockId(), "locked on A: nil for B");
    assertEquals(0, ((Proposal) out.sent.get(4)).getPolRound(), "re-proposes A with its round");
    assertEquals(A, ((Proposal) out.sent.get(4)).getBlockId());
    assertEquals(C, ((Proposal) out.sent.get(7)).getBlockId());
    // the commit: three signed precommits for A at round 3, in validator order
    assertEquals(1, out.commits.size());
    Commit commit = out.commits.get(0);
    assertEquals(3, commit.getRound());
    assertEquals(A, commit.getBlockId());
    assertEquals(
        List.of(0, 1, 2),
        commit.getPrecommitsList().stream().map(Vote::getValidatorIndex).toList());
    // v3's two prevotes of round 1
    assertEquals(1, out.evidence.size());
    assertEquals(3, out.evidence.get(0).getVoteA().getValidatorIndex());
    assertEquals(
        List.of(
            "schedule 1 0 propose",
            "checkValidity 1 10",
            "schedule 1 0 precommit",
            "schedule 1 1 propose",
            "checkValidity 1 11",
            "schedule 1 1 prevote",
            "schedule 2 0 propose",
            "requestValue 2 2",
            "schedule 2 2 prevote"),
        out.calls);
    // every kind of record was written
    List<String> kinds = new ArrayList<>();
    for (WalRecord r : run.records) {
      String kind =
          r instanceof WalRecord.ActionTaken
              ? "Action." + ((WalRecord.ActionTaken) r).action().getClass().getSimpleName()
              : r.getClass().getSimpleName();
      if (!kinds.contains(kind)) {
        kinds.add(kind);
      }
    }
    // 6 inputs, 2 own messages, 6 other actions, the end of height
    assertEquals(15, kinds.size(), "kinds of record: " + kinds);
  }

  @Test
  void aCrashAfterAnyRecordResumesToTheSameStateActionsAndSignatures(@TempDir Path dir)
      throws IOException {
    LiveRun run = live(dir.resolve("live"));
    Map<String, Object> liveSigned = new HashMap<>();
    for (Object m : run.outside.sent) {
      liveSigned.put(key(m), m);
    }
    int crashes = 0;
    for (int k = 1; k <= run.records.size(); k++) {
      List<WalRecord> prefix = run.records.subList(0, k);
      WalRecord next = k < run.records.size() ? run.records.get(k) : null;
      crashAndResume(dir.resolve("crash" + k), run, liveSigned, prefix, null);
      crashes++;
      // the other side of the window: signed, but the crash came before the WAL held it
      if (next instanceof WalRecord.OwnVote || next instanceof WalRecord.OwnProposal) {
        crashAndResume(dir.resolve("crash" + k + "signed"), run, liveSigned, prefix, next);
        crashes++;
      }
    }
    assertTrue(crashes > run.records.size());
  }

  private void crashAndResume(
      Path dir,
      LiveRun run,
      Map<String, Object> liveSigned,
      List<WalRecord> prefix,
      WalRecord signedButUnlogged)
      throws IOException {
    String where =
        "crash after record "
            + prefix.size()
            + " ("
            + prefix.get(prefix.size() - 1)
            + ")"
            + (signedButUnlogged == null ? "" : " with the next one signed");
    // the WAL as it was on disk, and the signer state as it was
    try (Wal wal = Wal.open(dir.resolve("wal"), WalConfig.DEFAULT)) {
      for (WalRecord r : prefix) {
        wal.append(r);
      }
    }
    WalRecord lastOwn = signedButUnlogged;
    for (int i = prefix.size() - 1; lastOwn == null && i >= 0; i--) {
      if (prefix.get(i) instanceof WalRecord.OwnVote
          || prefix.get(i) instanceof WalRecord.OwnProposal) {
        lastOwn = prefix.get(i);
      }
    }
    if (lastOwn != null) { // signing it again with a fresh state file stores the same state
      Signer signer = Signer.open(dir.resolve("state"), KEYS[0]);
      try {
        if (lastOwn instanceof WalRecord.OwnVote) {
          signer.signVote(((WalRecord.OwnVote) lastOwn).vote(), CHAIN);
        } else {
          signer.signProposal(((WalRecord.OwnProposal) lastOwn).proposal(), CHAIN);
        }
      } catch (io.cybergraph.consensus.signer.SigningRefusedException e) {
        throw new AssertionError(e);
      }
    }
    // which step the crash interrupted, and at which height the node restarts
    int step = -1;
    boolean heightOneEnded = false;
    for (WalRecord r : prefix) {
      if (r instanceof WalRecord.Input || r instanceof WalRecord.EndHeight) {
        step++;
      }
      heightOneEnded |= r instanceof WalRecord.EndHeight;
    }
    long restartHeight = heightOneEnded ? 2 : 1;
    int resumedStep = heightOneEnded && step == 18 ? 19 : step; // nothing of height 2 logged yet
    try (Node node = new Node(dir.resolve("wal"), dir.resolve("state"))) {
      node.engine.start(restartHeight, SET, time(resumedStep));
      assertEquals(run.states.get(resumedStep), node.engine.state(), where);
      assertEquals(run.actions.get(resumedStep), node.engine.actionsOfHeight(), where);
      for (int i = resumedStep + 1; i < STEPS.size(); i++) {
        STEPS.get(i).apply(node.engine, time(i));
        assertEquals(run.states.get(i), node.engine.state(), where + ", then step " + i);
      }
      assertEquals(run.actions.get(STEPS.size() - 1), node.engine.actionsOfHeight(), where);
      // everything it sent is exactly what the first run signed: nothing signed twice
      for (Object m : node.outside.sent) {
        assertEquals(liveSigned.get(key(m)), m, where + ": " + key(m));
      }
      // our messages of the resumed height that the log holds are sent again
      for (WalRecord r : prefix) {
        Object own =
            r instanceof WalRecord.OwnVote
                ? ((WalRecord.OwnVote) r).vote()
                : r instanceof WalRecord.OwnProposal
                    ? ((WalRecord.OwnProposal) r).proposal()
                    : null;
        if (own != null && key(own).contains(" " + restartHeight + "/")) {
          assertTrue(node.outside.sent.contains(own), where + ": not re-sent " + key(own));
        }
      }
      // what the first run still had to send after this point, it sent
      for (Object m : run.outside.sent) {
        if (!isBefore(m, prefix)) {
          assertTrue(node.outside.sent.contains(m), where + ": did not send " + key(m));
        }
      }
      if (restartHeight == 1) { // height 1's commit is (re)delivered to the application
        assertEquals(run.outside.commits, node.outside.commits, where);
      }
    }
  }

  /** True if the prefix already holds this own message. */
  private static boolean isBefore(Object signed, List<WalRecord> prefix) {
    for (WalRecord r : prefix) {
      if (r instanceof WalRecord.OwnVote && ((WalRecord.OwnVote) r).vote().equals(signed)) {
        return true;
      }
      if (r instanceof WalRecord.OwnProposal
          && ((WalRecord.OwnProposal) r).proposal().equals(signed)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aTornFinalRecordIsCutAndTheHeightResumes(@TempDir Path dir) throws IOException {
    LiveRun run = live(dir);
    Path segment = dir.resolve("wal").resolve("0000000000000000.wal");
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 3); // the stale timeout of step 23 loses its tail
    }
    try (Node node = new Node(dir.resolve("wal"), dir.resolve("state"))) {
      node.engine.start(2, SET, time(23));
      assertEquals(run.states.get(22), node.engine.state());
      // our round-2 proposal and prevote of height 2 are sent again, unchanged
      assertEquals(run.outside.sent.subList(7, 9), node.outside.sent);
    }
  }

  @Test
  void withTheWalLostTheSignerStillRefusesAConflictingVote(@TempDir Path dir) throws IOException {
    Path state = dir.resolve("state");
    Vote ourPrevote;
    try (Node node = new Node(dir.resolve("wal"), state)) {
      for (int i = 0; i <= 2; i++) {
        STEPS.get(i).apply(node.engine, time(i));
      }
      ourPrevote = (Vote) node.outside.sent.get(0);
      assertEquals(A, ourPrevote.getBlockId());
    }
    // the operator deletes the WAL but keeps the sign state; v1 equivocates with proposal B
    try (Node node = new Node(dir.resolve("wal-lost"), state)) {
      node.engine.start(1, SET, time(0));
      Verdict v = node.engine.onProposal(proposal(1, 1, 0, -1, B), time(1));
      assertTrue(v.accepted());
      node.engine.onValidity(1, B, true, time(2));
      // the machine wanted to prevote B at round 0; the signer refused, nothing left the node
      assertEquals(Step.PREVOTE, node.engine.state().step());
      assertTrue(node.outside.sent.isEmpty(), "sent " + node.outside.sent);
    }
  }

  @Test
  void invalidMessagesAreRefusedAndChangeNothing(@TempDir Path dir) throws IOException {
    try (Node node = new Node(dir.resolve("wal"), dir.resolve("state"))) {
      node.engine.start(1, SET, 1);
      RoundState before = node.engine.state();
      Vote good = prevote(1, 1, 0, A);
      Vote badSignature = good.toBuilder().setBlockId(B).build();
      Vote wrongIndex = good.toBuilder().setValidatorIndex(2).build();
      Vote unknownIndex = good.toBuilder().setValidatorIndex(9).build();
      Vote badBlock =
          prevote(1, 1, 0, BlockID.newBuilder().setHash(ByteString.copyFromUtf8("short")).build());
      for (Vote bad : List.of(badSignature, wrongIndex, unknownIndex, badBlock)) {
        Verdict v = node.engine.onVote(bad, 2);
        assertEquals(Verdict.Kind.INVALID, v.kind(), bad.toString());
        assertFalse(v.reason().isEmpty());
      }
      assertEquals(Verdict.Kind.OTHER_HEIGHT, node.engine.onVote(prevote(1, 2, 0, A), 2).kind());
      assertEquals(Verdict.Kind.IGNORED, node.engine.onVote(prevote(1, 1, 5000, A), 2).kind());
      assertEquals(
          Verdict.Kind.INVALID,
          node.engine.onProposal(proposal(2, 1, 0, -1, A), 2).kind(),
          "v2 is not the proposer");
      assertEquals(
          Verdict.Kind.INVALID,
          node.engine.onProposal(proposal(1, 1, 0, 0, A), 2).kind(),
          "pol_round 0 at round 0");
      assertEquals(
          Verdict.Kind.INVALID,
          node.engine.onProposal(proposal(1, 1, 0, -1, NIL), 2).kind(),
          "nil proposal");
      assertEquals(before, node.engine.state());
      assertEquals(
          List.of(
              new Action.EnterRound(1, 0), new Action.ScheduleTimeout(1, 0, Step.PROPOSE, 3000)),
          node.engine.actionsOfHeight());
      assertNotNull(node.engine.onVote(good, 3));
    }
  }

  @Test
  void votesPastTheBoundPerSlotAreIgnoredBeforeTheirSignatureIsChecked(@TempDir Path dir)
      throws IOException {
    try (Node node = new Node(dir.resolve("wal"), dir.resolve("state"))) {
      node.engine.start(1, SET, 1);
      for (int b = 1; b <= VoteStore.MAX_PER_SLOT; b++) {
        assertEquals(Verdict.Kind.ACCEPTED, node.engine.onVote(prevote(1, 1, 0, block(b)), 2)
            .kind());
      }
      Vote fifth = prevote(1, 1, 0, block(0x55));
      Vote forged = fifth.toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();
      assertEquals(Verdict.Kind.IGNORED, node.engine.onVote(fifth, 3).kind());
      // a forged signature is not even looked at: the vote would be dropped whatever it is
      assertEquals(Verdict.Kind.IGNORED, node.engine.onVote(forged, 3).kind());
      // a copy of a kept vote is still checked, and its forged signature refused
      Vote keptForged =
          prevote(1, 1, 0, block(1)).toBuilder().setSignature(forged.getSignature()).build();
      assertEquals(Verdict.Kind.INVALID, node.engine.onVote(keptForged, 3).kind());
      // and another validator's slot is its own
      Vote other = prevote(2, 1, 0, block(0x55));
      assertEquals(Verdict.Kind.INVALID, node.engine.onVote(
          other.toBuilder().setSignature(forged.getSignature()).build(), 3).kind());
      assertEquals(Verdict.Kind.ACCEPTED, node.engine.onVote(other, 3).kind());
    }
  }
}
