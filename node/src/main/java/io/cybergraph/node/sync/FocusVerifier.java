package io.cybergraph.node.sync;

import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.pb.FocusChunk;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.ValidatorSet;
import java.util.Arrays;

/**
 * Checks a focus fetched from a peer (rank snapshot sync, docs/sync.md) before anything uses it.
 *
 * <p>Chunk 0 carries the header of height g + lag and its commit: the commit must verify
 * against the validator set ({@link CommitVerifier}) for exactly that header's hash, and the
 * header must be of this chain with {@code rank_height} g. Its {@code rank_root} then says what
 * the whole vector must hash to ({@link FocusAssembly} hashes the chunks as they come). Every
 * other chunk must have the shape chunk 0 announced, and particle texts no longer than a CID
 * may be. Any failure is the sender's fault.
 */
final class FocusVerifier {
  private final String chainId;
  private final CommitVerifier commits;
  private final int lag;
  private final long maxParticles;

  FocusVerifier(String chainId, ValidatorSet validators, int lag, long maxParticles) {
    this.chainId = chainId;
    this.commits = new CommitVerifier(chainId, validators);
    this.lag = lag;
    this.maxParticles = maxParticles;
  }

  /** Checks chunk 0: its shape and that its header is committed and commits to height g. */
  void checkFirst(FocusChunk first) throws BadFocusException {
    long g = first.getHeight();
    if (g < 1) {
      throw new BadFocusException("focus of height " + g);
    }
    long particles = first.getParticles();
    int size = first.getChunkSize();
    if (particles < 0 || particles > maxParticles) {
      throw new BadFocusException("focus of " + Long.toUnsignedString(particles)
          + " particles, at most " + maxParticles + " are accepted");
    }
    if (size < 1 || size > SnapshotSettings.MAX_CHUNK_SIZE) {
      throw new BadFocusException("focus chunk size " + Integer.toUnsignedString(size));
    }
    long chunks = Math.max(1, (particles + size - 1) / size);
    if (chunks > SnapshotSettings.MAX_CHUNKS) {
      throw new BadFocusException("focus of " + particles + " particles in " + chunks
          + " chunks, at most " + SnapshotSettings.MAX_CHUNKS + " are accepted");
    }
    if (first.getChunks() != chunks) {
      throw new BadFocusException("focus of " + particles + " particles in chunks of " + size
          + " announces " + Integer.toUnsignedString(first.getChunks()) + " chunks, not " + chunks);
    }
    if (!first.hasHeader() || !first.hasCommit()) {
      throw new BadFocusException("focus chunk 0 of height " + g + " without header and commit");
    }
    Header header = first.getHeader();
    if (header.getHeight() != g + lag || header.getRankHeight() != g
        || !header.getChainId().equals(chainId)) {
      throw new BadFocusException("focus of height " + g + " comes with the header of height "
          + header.getHeight() + " (chain " + header.getChainId() + ", rank height "
          + header.getRankHeight() + "); expected height " + (g + lag) + " with rank height " + g);
    }
    byte[] hash = BlockHashes.headerHash(header);
    if (!Arrays.equals(hash, first.getCommit().getBlockId().getHash().toByteArray())) {
      throw new BadFocusException("the commit sent with the focus of height " + g
          + " is for another block than its header " + Hex.of(hash));
    }
    try {
      commits.verify(first.getCommit(), header.getHeight(), first.getCommit().getBlockId());
    } catch (InvalidCommitException e) {
      throw new BadFocusException("the commit of header " + header.getHeight()
          + " sent with the focus does not verify: " + e.getMessage());
    }
    check(first, first, 0);
  }

  /** Checks that chunk {@code index} fits what chunk 0 announced. */
  void check(FocusChunk chunk, FocusChunk first, int index) throws BadFocusException {
    if (chunk.getHeight() != first.getHeight() || chunk.getChunk() != index
        || chunk.getChunks() != first.getChunks() || chunk.getParticles() != first.getParticles()
        || chunk.getChunkSize() != first.getChunkSize()) {
      throw new BadFocusException("focus chunk " + Integer.toUnsignedString(chunk.getChunk())
          + " of height " + chunk.getHeight() + " does not fit chunk 0 (height "
          + first.getHeight() + ", " + first.getChunks() + " chunks)");
    }
    long start = (long) index * first.getChunkSize();
    long expected = Math.max(0, Math.min(first.getChunkSize(), first.getParticles() - start));
    if (chunk.getValuesCount() != expected || chunk.getCidsCount() != expected) {
      throw new BadFocusException("focus chunk " + index + " of height " + first.getHeight()
          + " has " + chunk.getValuesCount() + " values and " + chunk.getCidsCount()
          + " particles, expected " + expected);
    }
    for (int i = 0; i < chunk.getValuesCount(); i++) {
      if (chunk.getValues(i) < 0) {
        throw new BadFocusException("focus chunk " + index + " has a value above 2^63");
      }
      if (chunk.getCids(i).length() > Cid.MAX_TEXT_LENGTH) {
        throw new BadFocusException("focus chunk " + index + " has a particle text of "
            + chunk.getCids(i).length() + " characters, at most " + Cid.MAX_TEXT_LENGTH);
      }
    }
  }
}
