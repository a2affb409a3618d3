package io.cybergraph.node.rpc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An expected RPC failure: the HTTP status, a stable snake_case code and a one-line message. The
 * server answers it as {@code {"error": {"code": ..., "message": ...}}} (plus {@code "details"}
 * when there are any); no stack trace is kept
 * or shown (these are answers to bad requests, not bugs).
 */
public final class RpcException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final Map<String, String> details;

  public RpcException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  /**
   * With {@code details}: the numbers behind the error as decimal strings, in order (e.g. a
   * transaction refusal's {@code expected} and {@code got}); shown as {@code error.details}.
   */
  public RpcException(int status, String code, String message, Map<String, String> details) {
    super(message, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
    }
    this.status = status;
    this.code = code;
    this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** 400 {@code bad_parameter}: the message starts with the parameter's name. */
  public static RpcException badParameter(String name, String reason) {
    return new RpcException(400, "bad_parameter", name + ": " + reason);
  }

  /** 400 {@code missing_parameter}. */
  public static RpcException missingParameter(String name) {
    return new RpcException(400, "missing_parameter", name + ": required");
  }

  /** 404 with a specific code such as {@code unknown_height} or {@code tx_not_found}. */
  public static RpcException notFound(String code, String message) {
    return new RpcException(404, code, message);
  }

  /** The HTTP status (4xx or 5xx). */
  public int status() {
    return status;
  }

  /** The stable machine-readable code, e.g. {@code bad_parameter}. */
  public String code() {
    return code;
  }

  /** Name to decimal string; empty for most errors. */
  public Map<String, String> details() {
    return details;
  }
}
