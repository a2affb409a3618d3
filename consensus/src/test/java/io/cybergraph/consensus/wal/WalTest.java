package io.cybergraph.consensus.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.consensus.state.Action;
import io.cybergraph.consensus.state.Evidence;
import io.cybergraph.consensus.state.Message;
import io.cybergraph.consensus.state.Step;
import io.cybergraph.consensus.state.Value;
import io.cybergraph.consensus.state.VoteType;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WalTest {
  static final WalConfig SMALL = new WalConfig(1024, 512, 2);
  static final Value A = Value.of("A".getBytes(StandardCharsets.UTF_8));
  static final Value B = Value.of("B".getBytes(StandardCharsets.UTF_8));

  /** One record of every kind, and every kind of action. */
  static List<WalRecord> everyKind() {
    ValidatorSet set =
        ValidatorSet.newBuilder()
            .addValidators(
                Validator.newBuilder().setAddress(ByteString.copyFromUtf8("a")).setPower(3))
            .build();
    Vote vote =
        Vote.newBuilder()
            .setHeight(7)
            .setRound(1)
            .setValidatorIndex(2)
            .setSignature(ByteString.copyFromUtf8("sig"))
            .build();
    Proposal proposal = Proposal.newBuilder().setHeight(7).setRound(1).setPolRound(-1).build();
    Message.Vote pa = new Message.Vote(VoteType.PREVOTE, 7, 1, A, 2);
    Message.Vote pb = new Message.Vote(VoteType.PREVOTE, 7, 1, null, 2);
    return List.of(
        new WalRecord.HeightStarted(10, 7, set),
        new WalRecord.ProposalReceived(11, proposal),
        new WalRecord.VoteReceived(12, vote),
        new WalRecord.TimeoutFired(13, 7, 1, Step.PREVOTE),
        new WalRecord.ValueReady(14, 7, 1, "block".getBytes(StandardCharsets.UTF_8)),
        new WalRecord.ValidityChecked(15, 7, "block".getBytes(StandardCharsets.UTF_8), false),
        new WalRecord.OwnProposal(proposal),
        new WalRecord.OwnVote(vote),
        new WalRecord.ActionTaken(new Action.EnterRound(7, 1)),
        new WalRecord.ActionTaken(new Action.ScheduleTimeout(7, 1, Step.PRECOMMIT, 1500)),
        new WalRecord.ActionTaken(new Action.Decide(7, 1, A)),
        new WalRecord.ActionTaken(new Action.ReportEvidence(new Evidence(pa, pb))),
        new WalRecord.ActionTaken(
            new Action.ReportEvidence(
                new Evidence(
                    new Message.Proposal(7, 1, A, -1, 0), new Message.Proposal(7, 1, B, 0, 0)))),
        new WalRecord.ActionTaken(new Action.RequestValue(7, 1)),
        new WalRecord.ActionTaken(new Action.CheckValidity(7, B)),
        new WalRecord.EndHeight(7));
  }

  /** Records compared by their encoding (records holding byte arrays have no value equality). */
  static void assertSameRecords(List<WalRecord> expected, List<WalRecord> actual) {
    assertEquals(expected.size(), actual.size(), "record count");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(
          WalRecordCodec.encode(expected.get(i)),
          WalRecordCodec.encode(actual.get(i)),
          "record " + i + ": " + actual.get(i));
    }
  }

  static void write(Path dir, WalConfig config, List<WalRecord> records) throws IOException {
    try (Wal wal = Wal.open(dir, config)) {
      for (WalRecord r : records) {
        wal.append(r);
      }
      wal.sync();
    }
  }

  @Test
  void everyKindOfRecordComesBackAfterReopening(@TempDir Path dir) throws IOException {
    write(dir, WalConfig.DEFAULT, everyKind());
    try (Wal wal = Wal.open(dir, WalConfig.DEFAULT)) {
      assertSameRecords(everyKind(), wal.recovered());
      // decoded actions are equal as values too
      assertEquals(
          ((WalRecord.ActionTaken) everyKind().get(11)).action(),
          ((WalRecord.ActionTaken) wal.recovered().get(11)).action());
    }
  }

  @Test
  void aTornFinalRecordIsCutOffAndTheLogGoesOn(@TempDir Path dir) throws IOException {
    List<WalRecord> records = everyKind();
    write(dir, WalConfig.DEFAULT, records);
    Path segment = Wal.segmentPath(dir, 0);
    long full = Files.size(segment);
    int lastFrame =
        SegmentFile.HEADER_BYTES + WalRecordCodec.encode(records.get(records.size() - 1)).length;
    // cut anywhere inside the last frame: header, payload, one byte short
    for (long cut : new long[] {full - lastFrame + 1, full - lastFrame + 5, full - 3, full - 1}) {
      Path copy = Files.createDirectories(dir.resolve("cut" + cut));
      Files.copy(segment, Wal.segmentPath(copy, 0));
      try (FileChannel ch = FileChannel.open(Wal.segmentPath(copy, 0), StandardOpenOption.WRITE)) {
        ch.truncate(cut);
      }
      try (Wal wal = Wal.open(copy, WalConfig.DEFAULT)) {
        assertSameRecords(records.subList(0, records.size() - 1), wal.recovered());
        wal.append(new WalRecord.EndHeight(8)); // appends continue where the good records end
      }
      assertEquals(
          full - lastFrame,
          Files.size(Wal.segmentPath(copy, 0))
              - SegmentFile.HEADER_BYTES
              - WalRecordCodec.encode(new WalRecord.EndHeight(8)).length);
      try (Wal wal = Wal.open(copy, WalConfig.DEFAULT)) {
        List<WalRecord> expected = new ArrayList<>(records.subList(0, records.size() - 1));
        expected.add(new WalRecord.EndHeight(8));
        assertSameRecords(expected, wal.recovered());
      }
    }
  }

  @Test
  void aCorruptFinalRecordOrTrailingGarbageIsCutOff(@TempDir Path dir) throws IOException {
    List<WalRecord> records = everyKind();
    write(dir, WalConfig.DEFAULT, records);
    Path segment = Wal.segmentPath(dir, 0);
    long size = Files.size(segment);
    // flip a byte of the last payload: CRC mismatch
    try (FileChannel ch =
        FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, size - 2);
      b.flip();
      byte flipped = (byte) (b.get() ^ 0x40);
      ch.write(ByteBuffer.wrap(new byte[] {flipped}), size - 2);
    }
    try (Wal wal = Wal.open(dir, WalConfig.DEFAULT)) {
      assertSameRecords(records.subList(0, records.size() - 1), wal.recovered());
    }
    // garbage after good records: a huge length, then zeros (a preallocated tail)
    Files.write(
        segment, new byte[] {0x7f, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0}, StandardOpenOption.APPEND);
    try (Wal wal = Wal.open(dir, WalConfig.DEFAULT)) {
      assertSameRecords(records.subList(0, records.size() - 1), wal.recovered());
    }
  }

  @Test
  void segmentsRotateBySizeAndReadBackInOrder(@TempDir Path dir) throws IOException {
    List<WalRecord> records = new ArrayList<>();
    for (int h = 1; h <= 40; h++) {
      records.add(new WalRecord.TimeoutFired(h, h, 0, Step.PROPOSE));
      records.add(new WalRecord.ActionTaken(new Action.EnterRound(h, 1)));
    }
    write(dir, SMALL, records);
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertTrue(wal.segments().size() > 2, "rotated: " + wal.segments());
      assertSameRecords(records, wal.recovered());
      for (long s : wal.segments()) {
        assertTrue(Files.size(Wal.segmentPath(dir, s)) <= SMALL.maxSegmentBytes());
      }
    }
  }

  @Test
  void oldSegmentsGoOnlyOnceAReplayNoLongerNeedsThem(@TempDir Path dir) throws IOException {
    ValidatorSet set = ValidatorSet.getDefaultInstance();
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.append(new WalRecord.HeightStarted(0, 1, set));
      for (int i = 0; i < 200; i++) {
        wal.append(new WalRecord.TimeoutFired(i, 1, i, Step.PROPOSE));
      }
      // height 1 is still open: its first segment must stay
      assertEquals(0L, wal.segments().get(0));
      wal.append(new WalRecord.EndHeight(1));
      wal.append(new WalRecord.HeightStarted(0, 2, set));
      for (int i = 0; i < 200; i++) {
        wal.append(new WalRecord.TimeoutFired(i, 2, i, Step.PROPOSE));
      }
      List<Long> segments = wal.segments();
      assertTrue(segments.get(0) > 0, "old segments pruned: " + segments);
      assertTrue(segments.size() >= SMALL.retainedSegments());
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      long starts =
          wal.recovered().stream()
              .filter(
                  r ->
                      r instanceof WalRecord.HeightStarted
                          && ((WalRecord.HeightStarted) r).height() == 2)
              .count();
      assertEquals(1, starts, "height 2 can still be replayed");
    }
  }

  @Test
  void damageBeforeTheLastSegmentIsFatal(@TempDir Path dir) throws IOException {
    List<WalRecord> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      records.add(new WalRecord.TimeoutFired(i, 1, i, Step.PROPOSE));
    }
    write(dir, SMALL, records);
    Path first = Wal.segmentPath(dir, 0);
    try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {9, 9, 9}), 20);
    }
    WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> Wal.open(dir, SMALL));
    assertTrue(e.getMessage().contains(first.toString()), e.getMessage());
    // a missing segment in the middle is fatal too
    Files.delete(first);
    write(dir.resolve("gap"), SMALL, records);
    Files.delete(Wal.segmentPath(dir.resolve("gap"), 1));
    assertThrows(WalCorruptedException.class, () -> Wal.open(dir.resolve("gap"), SMALL));
  }

  @Test
  void aDamagedRecordFollowedByIntactOnesIsFatalNotCutOff(@TempDir Path dir) throws IOException {
    // a flipped bit in the middle of the last segment: the records after it were synced and
    // may hold our votes of the current height; cutting them there (as a torn final write is)
    // would make the validator forget its locks. Seen on a devnet validator's 6 MB log.
    long frame50 = writeHundredAndFlip(dir, SegmentFile.HEADER_BYTES + 3, 0x4000_0000);
    assertRefusedWithNothingCut(dir, frame50);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x4000_0000, 0x0000_0100, 0x0000_0001})
  void aDamagedLengthFieldFollowedByIntactRecordsIsFatalNotCutOff(int flip, @TempDir Path dir)
      throws IOException {
    // the flipped bit is in the frame's length: the length then points past the end of the file
    // (cut short), beyond the record limit, or a few bytes off, where the "next frame" is not
    // one; the intact records after the damage must still be found
    long frame50 = writeHundredAndFlip(dir, 0, flip);
    assertRefusedWithNothingCut(dir, frame50);
  }

  /**
   * Writes 100 records of one size and flips the bits {@code xor} of the 4 bytes at {@code at}
   * within the 51st frame; returns where that frame starts.
   */
  private static long writeHundredAndFlip(Path dir, int at, int xor) throws IOException {
    List<WalRecord> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      records.add(new WalRecord.TimeoutFired(i, 1, i, Step.PROPOSE));
    }
    write(dir, WalConfig.DEFAULT, records);
    int frame = SegmentFile.HEADER_BYTES + WalRecordCodec.encode(records.get(50)).length;
    long frame50 = 50L * frame;
    try (FileChannel ch = FileChannel.open(
        Wal.segmentPath(dir, 0), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(4);
      ch.read(b, frame50 + at);
      ch.write(ByteBuffer.allocate(4).putInt(0, b.getInt(0) ^ xor), frame50 + at);
    }
    return frame50;
  }

  private static void assertRefusedWithNothingCut(Path dir, long damageAt) throws IOException {
    Path segment = Wal.segmentPath(dir, 0);
    long size = Files.size(segment);
    WalCorruptedException e =
        assertThrows(WalCorruptedException.class, () -> Wal.open(dir, WalConfig.DEFAULT));
    assertTrue(e.getMessage().startsWith(segment.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("at offset " + damageAt), e.getMessage());
    assertTrue(e.getMessage().contains("intact records follow it"), e.getMessage());
    assertEquals(size, Files.size(segment), "nothing was cut");
  }

  @Test
  void aRecordLargerThanTheLimitIsRefused(@TempDir Path dir) throws IOException {
    try (Wal wal = Wal.open(dir, SMALL)) {
      byte[] big = new byte[600];
      assertThrows(IOException.class, () -> wal.append(new WalRecord.ValueReady(0, 1, 0, big)));
      wal.append(new WalRecord.EndHeight(1));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertSameRecords(List.of(new WalRecord.EndHeight(1)), wal.recovered());
    }
  }
}
