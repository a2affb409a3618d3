package io.cybergraph.consensus.wal;

/**
 * Limits of the write-ahead log: a segment file is closed and a new one started once it holds
 * {@code maxSegmentBytes}; a record longer than {@code maxRecordBytes} is refused on write and
 * treated as corruption on read; at least {@code retainedSegments} segments are kept as history
 * (older ones are deleted once they hold nothing a replay needs).
 */
public record WalConfig(long maxSegmentBytes, int maxRecordBytes, int retainedSegments) {
  /** 64 MiB segments, 4 MiB records, 4 segments of history. */
  public static final WalConfig DEFAULT = new WalConfig(64L << 20, 4 << 20, 4);

  public WalConfig {
    if (maxSegmentBytes < 1024) {
      throw new IllegalArgumentException("maxSegmentBytes must be >= 1024");
    }
    if (maxRecordBytes < 64) {
      throw new IllegalArgumentException("maxRecordBytes must be >= 64");
    }
    if (retainedSegments < 1) {
      throw new IllegalArgumentException("retainedSegments must be >= 1");
    }
  }
}
