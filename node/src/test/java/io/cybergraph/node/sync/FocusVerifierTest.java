package io.cybergraph.node.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.FocusChunk;
import io.cybergraph.proto.pb.Header;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks on a fetched focus, on a real chain (a node's store and rank): the honest chunks of
 * a focus pass and assemble to the committed root; every way of spoiling them is refused with
 * the reason.
 */
class FocusVerifierTest {
  private static final int LAG = 2;
  private static final int CHUNK = 16;

  @TempDir static Path dir;
  private static TestHistory history;
  private static long g;

  @BeforeAll
  static void chain() {
    history = new TestHistory(dir.resolve("chain"), new TestValidators("test-chain", 10, 10, 10));
    history.grow(12, 2, 3); // 60 links at g = 10: several chunks of 16 particles
    g = history.height() - LAG;
  }

  @AfterAll
  static void close() {
    history.close();
  }

  private static FocusVerifier verifier() {
    return new FocusVerifier("test-chain", history.validators.set, LAG, 1 << 20);
  }

  /** The honest chunks of the focus of g, as a serving node sends them. */
  private static List<FocusChunk> chunks() throws Exception {
    ServedFocus f = history.node.focusSource().at(g).orElseThrow();
    int chunks = (f.particles() + CHUNK - 1) / CHUNK;
    List<FocusChunk> out = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      FocusChunk.Builder b = FocusChunk.newBuilder().setHeight(g).setChunk(c).setChunks(chunks)
          .setParticles(f.particles()).setChunkSize(CHUNK);
      int from = c * CHUNK;
      int to = Math.min(f.particles(), (c + 1) * CHUNK);
      long[] values = f.values(from, to);
      String[] cids = f.cids(from, to);
      for (int i = 0; i < values.length; i++) {
        b.addValues(values[i]).addCids(cids[i]);
      }
      if (c == 0) {
        b.setHeader(header(g + LAG)).setCommit(commit(g + LAG));
      }
      out.add(b.build());
    }
    return out;
  }

  private static Header header(long height) throws Exception {
    return Block.parseFrom(history.store.blocks().block(height).orElseThrow()).getHeader();
  }

  private static Commit commit(long height) throws Exception {
    return Commit.parseFrom(history.store.commits().at(height).orElseThrow());
  }

  private static String refusal(FocusChunk first) throws Exception {
    return assertThrows(BadFocusException.class, () -> verifier().checkFirst(first)).getMessage();
  }

  @Test
  void honestChunksPassAndHashToTheCommittedRoot() throws Exception {
    List<FocusChunk> chunks = chunks();
    assertTrue(chunks.size() > 2, chunks.size() + " chunks");
    FocusVerifier v = verifier();
    v.checkFirst(chunks.get(0));
    for (int c = 1; c < chunks.size(); c++) {
      v.check(chunks.get(c), chunks.get(0), c);
    }
    VerifiedFocus focus = assemble(chunks, false);
    assertEquals(g, focus.height());
    assertEquals(g + LAG, focus.headerHeight());
    assertArrayEquals(header(g + LAG).getRankRoot().toByteArray(), focus.root());
    assertArrayEquals(history.store.focus().at(g).orElseThrow(), focus.values());
  }

  @Test
  void aHeaderNotTheOneItsCommitFinalisesIsRefused() throws Exception {
    FocusChunk first = chunks().get(0);
    Header changed = first.getHeader().toBuilder().setTimeNs(first.getHeader().getTimeNs() + 1)
        .build();
    assertTrue(refusal(first.toBuilder().setHeader(changed).build()).contains("for another block"));
  }

  @Test
  void aCommitWithoutTwoThirdsOfThePowerIsRefused() throws Exception {
    FocusChunk first = chunks().get(0);
    Commit c = first.getCommit();
    Commit weak = history.validators.commit(c.getHeight(), c.getBlockId(),
        first.getHeader().getTimeNs() + 1, 0, 2); // 20 of 30
    assertTrue(refusal(first.toBuilder().setCommit(weak).build()).contains("more than 2/3"));
  }

  @Test
  void theHeaderOfAnotherHeightIsRefused() throws Exception {
    FocusChunk first = chunks().get(0);
    String why = refusal(first.toBuilder().setHeader(header(g + LAG - 1))
        .setCommit(commit(g + LAG - 1)).build());
    assertTrue(why.contains("expected height " + (g + LAG)), why);
  }

  @Test
  void chunksThatDoNotAddUpAreRefused() throws Exception {
    List<FocusChunk> chunks = chunks();
    FocusChunk first = chunks.get(0);
    assertTrue(refusal(first.toBuilder().setChunks(4).build()).contains("announces 4 chunks"));
    assertTrue(refusal(first.toBuilder().setParticles(1L << 40).build()).contains("at most"));
    FocusChunk shortOne = chunks.get(1).toBuilder().clearValues()
        .addAllValues(chunks.get(1).getValuesList().subList(1, CHUNK)).build();
    String why = assertThrows(BadFocusException.class,
        () -> verifier().check(shortOne, first, 1)).getMessage();
    assertTrue(why.contains("15 values and 16 particles"), why);
    FocusChunk otherHeight = chunks.get(1).toBuilder().setHeight(g - 1).build();
    assertThrows(BadFocusException.class, () -> verifier().check(otherHeight, first, 1));
  }

  @Test
  void aVectorThatDoesNotHashToTheCommittedRootIsRefused() throws Exception {
    List<FocusChunk> chunks = new ArrayList<>(chunks());
    FocusChunk last = chunks.get(chunks.size() - 1);
    chunks.set(chunks.size() - 1, last.toBuilder().setValues(0, last.getValues(0) + 1).build());
    String why = assertThrows(BadFocusException.class,
        () -> assemble(chunks, false)).getMessage();
    assertTrue(why.contains("commits to"), why);
  }

  /** Chunks arriving out of order (as several in flight do) are hashed in index order. */
  @Test
  void chunksInAnyOrderHashToTheCommittedRoot() throws Exception {
    List<FocusChunk> chunks = chunks();
    VerifiedFocus focus = assemble(chunks, true);
    assertArrayEquals(header(g + LAG).getRankRoot().toByteArray(), focus.root());
    assertArrayEquals(history.store.focus().at(g).orElseThrow(), focus.values());
  }

  /** A particle text longer than any CID: refused before it is held or hashed. */
  @Test
  void aParticleTextLongerThanACidIsRefused() throws Exception {
    List<FocusChunk> chunks = chunks();
    FocusChunk padded = chunks.get(1).toBuilder().setCids(0, "b".repeat(101)).build();
    String why = assertThrows(BadFocusException.class,
        () -> verifier().check(padded, chunks.get(0), 1)).getMessage();
    assertTrue(why.contains("particle text of 101 characters, at most 100"), why);
  }

  /** The chunks through a {@link FocusAssembly}, the later ones reversed if asked. */
  private static VerifiedFocus assemble(List<FocusChunk> chunks, boolean reversed)
      throws BadFocusException {
    FocusAssembly assembly = new FocusAssembly(chunks.get(0));
    assembly.add(chunks.get(0));
    List<FocusChunk> rest = new ArrayList<>(chunks.subList(1, chunks.size()));
    if (reversed) {
      java.util.Collections.reverse(rest);
    }
    for (FocusChunk c : rest) {
      assertFalse(assembly.complete());
      assembly.add(c);
    }
    assertTrue(assembly.complete());
    return assembly.finish();
  }
}
