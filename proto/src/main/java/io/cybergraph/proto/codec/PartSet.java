package io.cybergraph.proto.codec;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.pb.PartSetHeader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A block's encoding cut into parts for gossip: parts of {@link #PART_SIZE} bytes (the last one
 * shorter, at least one byte; an empty encoding is one empty part), and their RFC 6962 root, so
 * each part can be checked alone against the BlockID's {@code parts} with its audit path.
 */
public final class PartSet {

  /** 64 KiB. */
  public static final int PART_SIZE = 65536;

  private final List<byte[]> parts;
  private final byte[] root;

  private PartSet(List<byte[]> parts) {
    this.parts = parts;
    this.root = Merkle.root(parts);
  }

  /** Cuts {@code blockBytes} into parts. */
  public static PartSet of(byte[] blockBytes) {
    List<byte[]> parts = new ArrayList<>();
    for (int from = 0; from < blockBytes.length; from += PART_SIZE) {
      parts.add(Arrays.copyOfRange(blockBytes, from, Math.min(blockBytes.length, from + PART_SIZE)));
    }
    if (parts.isEmpty()) {
      parts.add(new byte[0]);
    }
    return new PartSet(Collections.unmodifiableList(parts));
  }

  /** The number of parts needed for {@code length} bytes. */
  public static int partsFor(long length) {
    return (int) Math.max(1, (length + PART_SIZE - 1) / PART_SIZE);
  }

  public PartSetHeader header() {
    return PartSetHeader.newBuilder()
        .setTotal(parts.size())
        .setHash(ByteString.copyFrom(root))
        .build();
  }

  public int total() {
    return parts.size();
  }

  /** Part {@code index} (a copy). */
  public byte[] part(int index) {
    return parts.get(index).clone();
  }

  /** The audit path of part {@code index}. */
  public List<byte[]> proof(int index) {
    return Merkle.proof(parts, index);
  }

  /** True when {@code part} is part {@code index} of the block with part-set header {@code header}. */
  public static boolean verify(PartSetHeader header, int index, byte[] part, List<byte[]> proof) {
    long total = Integer.toUnsignedLong(header.getTotal());
    if (total == 0 || index < 0 || index >= total || part == null) {
      return false;
    }
    boolean last = index == total - 1;
    if (part.length > PART_SIZE || (!last && part.length != PART_SIZE)) {
      return false;
    }
    return Merkle.verify(header.getHash().toByteArray(), part, index, total, proof);
  }

  /**
   * Collects verified parts of one block until all have arrived. Bounded: refuses a header with
   * more than {@code maxParts} parts.
   */
  public static final class Assembler {
    private final PartSetHeader header;
    private final byte[][] received;
    private int count;
    private long bytes;

    public Assembler(PartSetHeader header, int maxParts) {
      long total = Integer.toUnsignedLong(header.getTotal());
      if (total == 0 || total > maxParts) {
        throw new IllegalArgumentException(
            "part set of " + total + " parts (allowed 1.." + maxParts + ")");
      }
      this.header = header;
      this.received = new byte[(int) total][];
    }

    /** Adds a part if it verifies and is new; returns whether it was added. */
    public boolean add(int index, byte[] part, List<byte[]> proof) {
      if (index < 0 || index >= received.length || received[index] != null) {
        return false;
      }
      if (!verify(header, index, part, proof)) {
        return false;
      }
      received[index] = part.clone();
      count++;
      bytes += part.length;
      return true;
    }

    public boolean isComplete() {
      return count == received.length;
    }

    public int count() {
      return count;
    }

    public PartSetHeader header() {
      return header;
    }

    /** The block's bytes once complete. */
    public byte[] bytes() {
      if (!isComplete()) {
        throw new IllegalStateException(count + " of " + received.length + " parts received");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes);
      for (byte[] part : received) {
        out.writeBytes(part);
      }
      return out.toByteArray();
    }
  }
}
