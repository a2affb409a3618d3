package io.cybergraph.node.rpc;

import io.cybergraph.proto.Texts;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.cid.InvalidCidException;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Typed query parameters. Every helper either returns a valid value or throws a 400 {@link
 * RpcException} whose message starts with the parameter's name and quotes the bad value, so
 * handlers never see unchecked text. An empty value ({@code ?height=}) counts as absent.
 */
public final class Params {

  /** The page size when {@code limit} is absent (capped by {@code rpc.max_page_size}). */
  public static final int DEFAULT_PAGE_SIZE = 20;

  /** The name of the paging cursor parameter. */
  public static final String NEXT = "next";

  /** The name of the page size parameter. */
  public static final String LIMIT = "limit";

  private static final int MAX_DIGITS = 19;

  private Params() {}

  /** The value, or null when absent or empty. */
  public static String optional(RpcRequest request, String name) {
    String value = request.param(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** The value; 400 {@code missing_parameter} when absent or empty. */
  public static String required(RpcRequest request, String name) {
    String value = optional(request, name);
    if (value == null) {
      throw RpcException.missingParameter(name);
    }
    return value;
  }

  /** A required block height: an integer from 1 to 2^63 - 1. */
  public static long height(RpcRequest request, String name) {
    return parseHeight(name, required(request, name));
  }

  /** An optional block height (empty when absent: the handler picks the latest). */
  public static OptionalLong optionalHeight(RpcRequest request, String name) {
    String value = optional(request, name);
    return value == null ? OptionalLong.empty() : OptionalLong.of(parseHeight(name, value));
  }

  /** A non-negative integer (e.g. a height bound where 0 is meaningful). */
  public static OptionalLong optionalNonNegative(RpcRequest request, String name) {
    String value = optional(request, name);
    return value == null ? OptionalLong.empty() : OptionalLong.of(parseNonNegative(name, value));
  }

  static long parseHeight(String name, String value) {
    long height = parseNonNegative(name, value);
    if (height < 1) {
      throw RpcException.badParameter(name, "must be >= 1, got " + Texts.quote(value));
    }
    return height;
  }

  static long parseNonNegative(String name, String value) {
    if (value.startsWith("-") && value.length() > 1 && isDigits(value.substring(1))) {
      throw RpcException.badParameter(name, "must not be negative, got " + Texts.quote(value));
    }
    if (!isDigits(value)) {
      throw RpcException.badParameter(
          name, "must be a decimal integer, got " + Texts.quote(value));
    }
    String digits = value.replaceFirst("^0+(?=.)", "");
    if (digits.length() > MAX_DIGITS) {
      throw RpcException.badParameter(name, "too large: " + Texts.quote(value));
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw RpcException.badParameter(name, "too large: " + Texts.quote(value));
    }
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** A required 32-byte hash as 64 hex characters (either case, optional {@code 0x}). */
  public static byte[] hash(RpcRequest request, String name) {
    String value = required(request, name);
    String hex = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
    byte[] bytes = parseHex(name, hex, value);
    if (bytes.length != Hashes.SHA256_LENGTH) {
      throw RpcException.badParameter(
          name,
          "must be " + Hashes.SHA256_LENGTH + " bytes (" + 2 * Hashes.SHA256_LENGTH
              + " hex characters), got " + bytes.length + " bytes");
    }
    return bytes;
  }

  /** A required bech32 account address ({@code cyber1...}); the 20 bytes. */
  public static byte[] address(RpcRequest request, String name) {
    String value = required(request, name);
    try {
      return Address.fromBech32(value);
    } catch (IllegalArgumentException e) {
      throw RpcException.badParameter(name, e.getMessage());
    }
  }

  /** A required particle (CIDv0 or base32 CIDv1), parsed by {@link Cid#parse}. */
  public static Cid cid(RpcRequest request, String name) {
    String value = required(request, name);
    try {
      return Cid.parse(value);
    } catch (InvalidCidException e) {
      throw RpcException.badParameter(name, e.getMessage());
    }
  }

  /** {@code true} or {@code false}; {@code defaultValue} when absent. */
  public static boolean flag(RpcRequest request, String name, boolean defaultValue) {
    String value = optional(request, name);
    if (value == null) {
      return defaultValue;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw RpcException.badParameter(
          name, "must be true or false, got " + Texts.quote(value));
    };
  }

  /** One of {@code allowed}; {@code defaultValue} when absent. */
  public static String choice(
      RpcRequest request, String name, String defaultValue, String... allowed) {
    String value = optional(request, name);
    if (value == null) {
      return defaultValue;
    }
    if (!Arrays.asList(allowed).contains(value)) {
      throw RpcException.badParameter(
          name, "must be one of " + String.join(", ", allowed) + ", got " + Texts.quote(value));
    }
    return value;
  }

  /**
   * The page size from {@code limit}: 1..{@code maxPageSize}, default {@link #DEFAULT_PAGE_SIZE}
   * (or {@code maxPageSize} when smaller).
   */
  public static int limit(RpcRequest request, int maxPageSize) {
    String value = optional(request, LIMIT);
    if (value == null) {
      return Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
    }
    long limit = parseNonNegative(LIMIT, value);
    if (limit < 1 || limit > maxPageSize) {
      throw RpcException.badParameter(
          LIMIT, "must be 1.." + maxPageSize + " (rpc.max_page_size), got " + Texts.quote(value));
    }
    return (int) limit;
  }

  /** The decoded paging cursor from {@code next}, or null on the first page. */
  public static byte[] cursor(RpcRequest request) {
    String value = optional(request, NEXT);
    return value == null ? null : PageCursor.decode(value);
  }

  /**
   * The transaction of a broadcast: {@code ?tx=} on GET, the JSON body {@code {"tx": ...}} on
   * POST (a POST must not also carry {@code ?tx=}). Text is decoded by {@link #decodeTx}.
   */
  public static byte[] tx(RpcRequest request) {
    if (request.isPost()) {
      if (request.param("tx") != null) {
        throw RpcException.badParameter(
            "tx", "give the transaction in the JSON body or in the query, not both");
      }
      TxBody body = request.bodyAs(TxBody.class);
      if (body.tx() == null || body.tx().isEmpty()) {
        throw new RpcException(400, "missing_parameter", "tx: required in the JSON body");
      }
      return decodeTx("tx", body.tx());
    }
    return decodeTx("tx", required(request, "tx"));
  }

  /** The JSON body of a POST broadcast. */
  public record TxBody(String tx) {}

  /**
   * TxRaw bytes from text: {@code 0x} then hex, otherwise base64 (standard or URL-safe alphabet,
   * padding optional).
   */
  public static byte[] decodeTx(String name, String text) {
    if (text.startsWith("0x") || text.startsWith("0X")) {
      byte[] bytes = parseHex(name, text.substring(2), text);
      if (bytes.length == 0) {
        throw RpcException.badParameter(name, "empty transaction");
      }
      return bytes;
    }
    if (text.indexOf(' ') >= 0) {
      throw RpcException.badParameter(
          name,
          "base64 contains a space: in a URL '+' means space, so percent-encode it (%2B) or use"
              + " the URL-safe alphabet (- and _)");
    }
    boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    try {
      byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
      if (bytes.length == 0) {
        throw RpcException.badParameter(name, "empty transaction");
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw RpcException.badParameter(
          name, "not base64 (nor 0x-prefixed hex): " + e.getMessage());
    }
  }

  private static byte[] parseHex(String name, String hex, String original) {
    if (hex.length() % 2 != 0) {
      throw RpcException.badParameter(
          name, "hex must have an even number of digits, got " + Texts.quote(original));
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw RpcException.badParameter(name, "not hex: " + Texts.quote(original));
    }
  }
}
