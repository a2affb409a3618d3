package io.cybergraph.node.sync;

/**
 * Rank snapshot sync as configured ({@code [rank]} of config.toml).
 *
 * @param enabled {@code rank.snapshot_sync}
 * @param minBlocks {@code rank.snapshot_sync_min_blocks}: a node at least this far behind its
 *     best peer fetches a focus instead of computing every height
 * @param chunkSize particles per {@code FocusChunk} this node serves
 * @param inFlight chunk requests to one peer at a time while fetching
 * @param maxParticles the largest focus accepted (memory bound against a lying peer)
 */
public record SnapshotSettings(
    boolean enabled, long minBlocks, int chunkSize, int inFlight, long maxParticles) {

  public static final int MAX_CHUNK_SIZE = 1 << 16;
  public static final int MAX_CHUNKS = 1 << 16;

  public SnapshotSettings {
    if (minBlocks < 1 || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE || inFlight < 1
        || maxParticles < 1) {
      throw new IllegalArgumentException("snapshot settings: min blocks " + minBlocks
          + ", chunk size " + chunkSize + ", in flight " + inFlight);
    }
  }

  /**
   * Enabled, 100 blocks, 16,384 particles per chunk (about 1 MB), 4 chunks in flight, at most
   * 2^27 particles and at most one per 64 bytes of heap: a fetched focus is held as 8 bytes per
   * particle, so a lying peer can fill an eighth of the heap at most, and a node whose graph
   * had that many particles could not hold the graph itself.
   */
  public static SnapshotSettings defaults() {
    return new SnapshotSettings(true, 100, 16_384, 4,
        Math.max(1, Math.min(1L << 27, Runtime.getRuntime().maxMemory() / 64)));
  }

  public SnapshotSettings with(boolean enabled, long minBlocks) {
    return new SnapshotSettings(enabled, minBlocks, chunkSize, inFlight, maxParticles);
  }

  public SnapshotSettings withChunkSize(int size) {
    return new SnapshotSettings(enabled, minBlocks, size, inFlight, maxParticles);
  }
}
