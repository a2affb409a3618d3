package io.cybergraph.consensus.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
 * everything before it is good.
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
          return new Contents(records, pos, size, "bad record length " + length);
        }
        if (size - pos - HEADER_BYTES < length) {
          return new Contents(records, pos, size, "record of " + length + " bytes cut short");
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(ch, payload, pos + HEADER_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(payload.array());
        // a complete frame that is bad inside (a flipped bit): if the frame after it is good,
        // this is not a write torn by a crash, which only leaves damage at the very end
        long next = pos + HEADER_BYTES + length;
        if ((int) crc.getValue() != expectedCrc) {
          return new Contents(records, pos, size, "CRC32C mismatch",
              goodFrameAt(ch, next, size, maxRecordBytes));
        }
        try {
          records.add(WalRecordCodec.decode(payload.array()));
        } catch (WalRecordCodec.FormatException e) {
          return new Contents(records, pos, size, "undecodable record: " + e.getMessage(),
              goodFrameAt(ch, next, size, maxRecordBytes));
        }
        pos += HEADER_BYTES + length;
      }
      return new Contents(records, pos, size, null);
    }
  }

  /** Whether a whole frame with a matching CRC and a decodable record starts at {@code pos}. */
  private static boolean goodFrameAt(FileChannel ch, long pos, long size, int maxRecordBytes)
      throws IOException {
    if (size - pos < HEADER_BYTES) {
      return false;
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    readFully(ch, header, pos);
    header.flip();
    int length = header.getInt();
    int expectedCrc = header.getInt();
    if (length < 1 || length > maxRecordBytes || size - pos - HEADER_BYTES < length) {
      return false;
    }
    ByteBuffer payload = ByteBuffer.allocate(length);
    readFully(ch, payload, pos + HEADER_BYTES);
    CRC32C crc = new CRC32C();
    crc.update(payload.array());
    if ((int) crc.getValue() != expectedCrc) {
      return false;
    }
    try {
      WalRecordCodec.decode(payload.array());
      return true;
    } catch (WalRecordCodec.FormatException e) {
      return false;
    }
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
