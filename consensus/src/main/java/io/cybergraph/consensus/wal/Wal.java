package io.cybergraph.consensus.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consensus write-ahead log: a folder of segment files {@code 0000000000000000.wal}, {@code
 * 0000000000000001.wal}, … holding framed {@link WalRecord}s (see {@link SegmentFile}).
 *
 * <p>Opening reads every record back. A damaged final record of the last segment (a write torn by a
 * crash, or garbage after it) is cut off with one log line: nothing after the last {@link #sync}
 * can have been acted on, because our own messages are synced before they leave. Damage anywhere
 * else, including a damaged record of the last segment followed by an intact one, is a {@link
 * WalCorruptedException}. Appends go to the last segment until it reaches {@link
 * WalConfig#maxSegmentBytes}, then a new segment starts; old segments are deleted once the newest
 * {@link WalRecord.HeightStarted} (where a replay begins) is in a later one and {@link
 * WalConfig#retainedSegments} newer segments exist.
 *
 * <p>Not thread-safe: the consensus engine's single thread owns it.
 */
public final class Wal implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(Wal.class);
  private static final Pattern SEGMENT = Pattern.compile("(\\d{16})\\.wal");

  private final Path dir;
  private final WalConfig config;
  private final List<WalRecord> recovered;
  private final List<Long> segments; // indexes, ascending
  private FileChannel current;
  private long currentSize;
  private long replayStartSegment; // segment holding the newest HeightStarted

  private Wal(
      Path dir,
      WalConfig config,
      List<WalRecord> recovered,
      List<Long> segments,
      long replayStartSegment) {
    this.dir = dir;
    this.config = config;
    this.recovered = recovered;
    this.segments = segments;
    this.replayStartSegment = replayStartSegment;
  }

  /** Opens (or creates) the log in {@code dir}, repairing a torn tail; see the class comment. */
  public static Wal open(Path dir, WalConfig config) throws IOException {
    Files.createDirectories(dir);
    List<Long> segments = listSegments(dir);
    List<WalRecord> records = new ArrayList<>();
    long replayStart = 0;
    for (int i = 0; i < segments.size(); i++) {
      Path file = segmentPath(dir, segments.get(i));
      SegmentFile.Contents contents = SegmentFile.read(file, config.maxRecordBytes());
      boolean last = i == segments.size() - 1;
      if (contents.damaged()) {
        if (!last || contents.intactAfter()) {
          // records synced after the damage may hold what this validator signed at the current
          // height (its locks): cutting them would make it forget them
          throw new WalCorruptedException(
              file
                  + ": "
                  + contents.problem()
                  + " at offset "
                  + contents.goodBytes()
                  + (last
                      ? ", and intact records follow it (damage, or a power loss that wrote"
                          + " unsynced pages out of order; a process crash only tears the end)"
                      : ", and later segments follow"));
        }
        log.warn(
            "WAL {}: {} at offset {}: truncated the last {} bytes (written after the last sync)",
            file,
            contents.problem(),
            contents.goodBytes(),
            contents.totalBytes() - contents.goodBytes());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(contents.goodBytes());
          ch.force(true);
        }
      }
      for (WalRecord r : contents.records()) {
        if (r instanceof WalRecord.HeightStarted) {
          replayStart = segments.get(i);
        }
      }
      records.addAll(contents.records());
    }
    if (segments.isEmpty()) {
      segments.add(0L);
    }
    Wal wal = new Wal(dir, config, Collections.unmodifiableList(records), segments, replayStart);
    wal.openForAppend(segments.get(segments.size() - 1));
    return wal;
  }

  /** Every record found when the log was opened, oldest first. */
  public List<WalRecord> recovered() {
    return recovered;
  }

  /** Appends a record (not yet durable: see {@link #sync}). */
  public void append(WalRecord record) throws IOException {
    byte[] payload = WalRecordCodec.encode(record);
    if (payload.length > config.maxRecordBytes()) {
      throw new IOException(
          "WAL record of " + payload.length + " bytes exceeds " + config.maxRecordBytes());
    }
    ByteBuffer frame = SegmentFile.frame(payload);
    if (currentSize > 0 && currentSize + frame.remaining() > config.maxSegmentBytes()) {
      rotate();
    }
    while (frame.hasRemaining()) {
      currentSize += current.write(frame);
    }
    if (record instanceof WalRecord.HeightStarted) {
      replayStartSegment = segments.get(segments.size() - 1);
    }
  }

  /** Makes everything appended so far durable (FileChannel.force). */
  public void sync() throws IOException {
    current.force(true);
  }

  /** Segment indexes currently on disk, oldest first. */
  public List<Long> segments() {
    return List.copyOf(segments);
  }

  @Override
  public void close() throws IOException {
    if (current != null && current.isOpen()) {
      current.force(true);
      current.close();
    }
  }

  private void rotate() throws IOException {
    current.force(true);
    current.close();
    long next = segments.get(segments.size() - 1) + 1;
    segments.add(next);
    openForAppend(next);
    log.info("WAL rotated to segment {}", segmentPath(dir, next).getFileName());
    prune();
  }

  private void openForAppend(long index) throws IOException {
    Path file = segmentPath(dir, index);
    boolean created = !Files.exists(file);
    current =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    currentSize = current.size();
    current.position(currentSize);
    if (created) {
      syncDirectory(dir);
    }
  }

  /** Deletes old segments no replay needs, keeping {@code retainedSegments} as history. */
  private void prune() throws IOException {
    while (segments.size() > config.retainedSegments() && segments.get(0) < replayStartSegment) {
      Path old = segmentPath(dir, segments.remove(0));
      Files.deleteIfExists(old);
      log.info("WAL deleted old segment {}", old.getFileName());
    }
    syncDirectory(dir);
  }

  static Path segmentPath(Path dir, long index) {
    return dir.resolve(String.format("%016d.wal", index));
  }

  private static List<Long> listSegments(Path dir) throws IOException {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Matcher m = SEGMENT.matcher(f.getFileName().toString());
        if (m.matches()) {
          found.add(Long.parseLong(m.group(1)));
        }
      }
    }
    Collections.sort(found);
    for (int i = 1; i < found.size(); i++) {
      if (found.get(i) != found.get(i - 1) + 1) {
        throw new WalCorruptedException(
            dir + ": segment " + (found.get(i - 1) + 1) + " is missing");
      }
    }
    return found;
  }

  /** fsync of the folder, so a created, renamed or deleted file name is durable (Linux). */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
