package io.cybergraph.proto.cid;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A particle: a content identifier accepted by the protocol.
 *
 * <ul>
 *   <li>CIDv0: 46 characters of base58btc starting {@code Qm}, the multihash sha2-256 (0x12,
 *       length 32) of a dag-pb node.
 *   <li>CIDv1: multibase base32 lowercase ({@code b} then RFC 4648 lowercase, no padding) of
 *       varint(1) ‖ varint(codec) ‖ varint(hash code) ‖ varint(32) ‖ 32-byte digest, with codec
 *       raw (0x55), dag-pb (0x70) or dag-cbor (0x71) and hash sha2-256 (0x12), blake2b-256
 *       (0xb220) or blake3 (0x1e). Varints are minimal; trailing base32 bits are zero.
 * </ul>
 *
 * <p>The {@link #key()} is the binary CIDv1 (the bytes above), so a CIDv0 and the CIDv1 of the same
 * codec and multihash have one key. Instances are equal when their keys are equal, whatever the
 * text. Immutable.
 */
public final class Cid {

  public static final long CODEC_RAW = 0x55;
  public static final long CODEC_DAG_PB = 0x70;
  public static final long CODEC_DAG_CBOR = 0x71;
  public static final long HASH_SHA2_256 = 0x12;
  public static final long HASH_BLAKE2B_256 = 0xb220;
  public static final long HASH_BLAKE3 = 0x1e;
  public static final long HASH_IDENTITY = 0x00;
  public static final int DIGEST_LENGTH = 32;

  /** Longer texts are refused before decoding (an accepted CID has at most 62 characters). */
  public static final int MAX_TEXT_LENGTH = 100;

  private static final int V0_LENGTH = 46;

  private final String text;
  private final int version;
  private final long codec;
  private final long multihashCode;
  private final byte[] digest;
  private final byte[] key;

  private Cid(String text, int version, long codec, long multihashCode, byte[] digest) {
    this.text = text;
    this.version = version;
    this.codec = codec;
    this.multihashCode = multihashCode;
    this.digest = digest;
    this.key = binaryV1(codec, multihashCode, digest);
  }

  /** Parses an accepted CID or throws {@link InvalidCidException} with the reason. */
  public static Cid parse(String text) {
    if (text == null) {
      throw new InvalidCidException(null, "null");
    }
    if (text.isEmpty()) {
      throw new InvalidCidException(text, "empty");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new InvalidCidException(
          text, "too long (" + text.length() + " characters, at most " + MAX_TEXT_LENGTH + ")");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new InvalidCidException(
            text, "contains whitespace or a control character at position " + i);
      }
    }
    if (text.startsWith("Qm")) {
      return parseV0(text);
    }
    char prefix = text.charAt(0);
    switch (prefix) {
      case 'b':
        return parseV1(text);
      case 'B':
        throw new InvalidCidException(
            text, "multibase 'B' (base32 uppercase) is not accepted; use lowercase 'b'");
      case 'z':
        throw new InvalidCidException(
            text, "multibase 'z' (base58btc) CIDv1 is not accepted; use base32 'b'");
      case 'f':
      case 'F':
      case 'm':
      case 'u':
      case 'k':
      case 'K':
        throw new InvalidCidException(
            text, "multibase '" + prefix + "' is not accepted; use base32 'b' (or a Qm... CIDv0)");
      default:
        throw new InvalidCidException(
            text, "not a CIDv0 ('Qm...') nor a multibase base32 CIDv1 ('b...')");
    }
  }

  /** The CID whose binary CIDv1 is {@code key}, shown as CIDv1 base32. */
  public static Cid fromKey(byte[] key) {
    return parse("b" + Base32.encode(key));
  }

  private static Cid parseV0(String text) {
    if (text.length() != V0_LENGTH) {
      throw new InvalidCidException(
          text, "CIDv0 must be " + V0_LENGTH + " characters, got " + text.length());
    }
    byte[] bytes;
    try {
      bytes = Base58.decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidCidException(text, "CIDv0: " + e.getMessage());
    }
    // 46 base58 characters starting "Qm" always decode to 0x12 0x20 + 32 bytes; check anyway
    if (bytes.length != 2 + DIGEST_LENGTH || bytes[0] != 0x12 || bytes[1] != 0x20) {
      throw new InvalidCidException(text, "CIDv0 is not a sha2-256 multihash of 32 bytes");
    }
    return new Cid(
        text, 0, CODEC_DAG_PB, HASH_SHA2_256, Arrays.copyOfRange(bytes, 2, bytes.length));
  }

  private static Cid parseV1(String text) {
    byte[] bytes;
    try {
      bytes = Base32.decode(text.substring(1));
    } catch (IllegalArgumentException e) {
      throw new InvalidCidException(text, "after the multibase prefix 'b': " + e.getMessage());
    }
    Varint.Reader in = new Varint.Reader(bytes);
    try {
      if (bytes.length >= 2 && bytes[0] == 0x12 && bytes[1] == 0x20) {
        throw new InvalidCidException(text, "a CIDv0 multihash cannot be multibase-encoded");
      }
      long version = in.read("version");
      if (version != 1) {
        throw new InvalidCidException(text, "CID version " + version + " is not supported");
      }
      long codec = in.read("codec");
      if (codec != CODEC_RAW && codec != CODEC_DAG_PB && codec != CODEC_DAG_CBOR) {
        throw new InvalidCidException(
            text, "codec 0x" + Long.toHexString(codec)
                + " is not accepted (raw 0x55, dag-pb 0x70, dag-cbor 0x71)");
      }
      long hash = in.read("multihash code");
      if (hash == HASH_IDENTITY) {
        throw new InvalidCidException(text, "identity multihash (0x00) is not accepted");
      }
      if (hash != HASH_SHA2_256 && hash != HASH_BLAKE2B_256 && hash != HASH_BLAKE3) {
        throw new InvalidCidException(
            text, "multihash 0x" + Long.toHexString(hash)
                + " is not accepted (sha2-256 0x12, blake2b-256 0xb220, blake3 0x1e)");
      }
      long length = in.read("multihash length");
      if (length != DIGEST_LENGTH) {
        throw new InvalidCidException(
            text, "multihash length " + length + ", expected " + DIGEST_LENGTH);
      }
      byte[] digest = in.readBytes(DIGEST_LENGTH, "digest");
      if (in.remaining() != 0) {
        throw new InvalidCidException(
            text, "trailing bytes after the 32-byte digest (" + in.remaining() + ")");
      }
      return new Cid(text, 1, codec, hash, digest);
    } catch (InvalidCidException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidCidException(text, e.getMessage());
    }
  }

  private static byte[] binaryV1(long codec, long hash, byte[] digest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(40);
    Varint.write(out, 1);
    Varint.write(out, codec);
    Varint.write(out, hash);
    Varint.write(out, digest.length);
    out.writeBytes(digest);
    return out.toByteArray();
  }

  /** The text as given to {@link #parse}. */
  public String text() {
    return text;
  }

  /** 0 or 1. */
  public int version() {
    return version;
  }

  /** The content codec (0x55, 0x70 or 0x71). */
  public long codec() {
    return codec;
  }

  /** The multihash function code (0x12, 0xb220 or 0x1e). */
  public long multihashCode() {
    return multihashCode;
  }

  /** The 32-byte digest (a copy). */
  public byte[] digest() {
    return digest.clone();
  }

  /** The canonical particle key: the binary CIDv1 (a copy). */
  public byte[] key() {
    return key.clone();
  }

  /** The CIDv1 base32 text of the same particle. */
  public String toV1String() {
    return "b" + Base32.encode(key);
  }

  /** Equal when naming the same particle (same key), whatever the text. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Cid && Arrays.equals(key, ((Cid) o).key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  /** The text as given. */
  @Override
  public String toString() {
    return text;
  }
}
