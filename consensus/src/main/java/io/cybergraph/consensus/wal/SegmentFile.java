package io.cybergraph.consensus.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The framing of one WAL segment file: records one after another, each as
 *
 * <pre>
 *   length  u32 big-endian   payload length, 1 .. maxRecordBytes
 *   crc     u32 big-endian   CRC32C of the payload
 *   payload length bytes     a {@link WalRecordCodec} record
 * </pre>
 *
 * Reading stops at the first frame that is incomplete, too long, fails its CRC or does not decode;
 * everything before it is good. Whether an intact frame follows the damage is then searched for
 * byte by byte, since the damaged frame's own length field may be what was hit.
 */
final class SegmentFile {
  static final int HEADER_BYTES = 8;

  private SegmentFile() {}

  /**
   * What a segment holds: its good records, where they end, why reading stopped early, and
   * whether an intact record follows the damaged one (then the damage is not a torn final write).
   */
  record Contents(List<WalRecord> records, long goodBytes, long totalBytes, String problem,
      boolean intactAfter) {
    Contents(List<WalRecord> records, long goodBytes, long totalBytes, String problem) {
      this(records, goodBytes, totalBytes, problem, false);
    }

    boolean damaged() {
      return problem != null;
    }
  }

  static ByteBuffer frame(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    frame.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
    return frame;
  }

  static Contents read(Path file, int maxRecordBytes) throws IOException {
    List<WalRecord> records = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long pos = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      while (pos < size) {
        if (size - pos < HEADER_BYTES) {
          return new Contents(records, pos, size, "incomplete frame header");
        }
        header.clear();
        readFully(ch, header, pos);
        header.flip();
        int length = header.getInt();
        int expectedCrc = header.getInt();
        if (length < 1 || length > maxRecordBytes) {
          return new Contents(records, pos, size, "bad record length " + length,
              intactFrameAfter(ch, pos, size, maxRecordBytes));
        }
        if (size - pos - HEADER_BYTES < length) {
          return new Contents(records, pos, size, "record of " + length + " bytes cut short",
              intactFrameAfter(ch, pos, size, maxRecordBytes));
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(ch, payload, pos + HEADER_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(payload.array());
        if ((int) crc.getValue() != expectedCrc) {
          return new Contents(records, pos, size, "CRC32C mismatch",
              intactFrameAfter(ch, pos, size, maxRecordBytes));
        }
        try {
          records.add(WalRecordCodec.decode(payload.array()));
        } catch (WalRecordCodec.FormatException e) {
          return new Contents(records, pos, size, "undecodable record: " + e.getMessage(),
              intactFrameAfter(ch, pos, size, maxRecordBytes));
        }
        pos += HEADER_BYTES + length;
      }
      return new Contents(records, pos, size, null);
    }
  }

  /**
   * Whether a whole frame with a matching CRC and a decodable record starts anywhere after the
   * damaged frame at {@code damaged}. A crash only tears the end of the file, so an intact frame
   * after damage means the damage is not a torn write. The damaged frame's length may itself be
   * the flipped field, so every offset is tried, up to where the frame after a damaged one of
   * the largest allowed length would start (the first frame after the damage lies in that
   * window if any does). A random offset passes the CRC about once in 2^32 tries.
   */
  private static boolean intactFrameAfter(FileChannel ch, long damaged, long size,
      int maxRecordBytes) throws IOException {
    long windowEnd = Math.min(size, damaged + 2L * (HEADER_BYTES + (long) maxRecordBytes));
    ByteBuffer window = ByteBuffer.allocate((int) (windowEnd - damaged));
    readFully(ch, window, damaged);
    byte[] bytes = window.array();
    long lastStart = Math.min(size, damaged + HEADER_BYTES + (long) maxRecordBytes) - damaged;
    CRC32C crc = new CRC32C();
    for (int at = 1; at <= lastStart && bytes.length - at >= HEADER_BYTES; at++) {
      ByteBuffer header = ByteBuffer.wrap(bytes, at, HEADER_BYTES);
      int length = header.getInt();
      int expectedCrc = header.getInt();
      if (length < 1 || length > maxRecordBytes || bytes.length - at - HEADER_BYTES < length) {
        continue;
      }
      crc.reset();
      crc.update(bytes, at + HEADER_BYTES, length);
      if ((int) crc.getValue() != expectedCrc) {
        continue;
      }
      try {
        WalRecordCodec.decode(
            Arrays.copyOfRange(bytes, at + HEADER_BYTES, at + HEADER_BYTES + length));
        return true;
      } catch (WalRecordCodec.FormatException e) {
        // a CRC match by chance on bytes that are no record: keep looking
      }
    }
    return false;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }
}
