package io.cybergraph.node.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.cybergraph.proto.Texts;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request as a handler sees it: method, path, the query parameters (each at most once,
 * percent-decoded), the body bytes and the client's address. Typed access to parameters is in
 * {@link Params}.
 */
public final class RpcRequest {

  private final String method;
  private final String path;
  private final Map<String, String> params;
  private final byte[] body;
  private final InetAddress client;

  private RpcRequest(
      String method, String path, Map<String, String> params, byte[] body, InetAddress client) {
    this.method = method;
    this.path = path;
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.body = body;
    this.client = client;
  }

  /**
   * A request (the server builds them; handler tests may too). {@code body} is not copied; an
   * empty array means no body.
   */
  public static RpcRequest of(
      String method, String path, Map<String, String> params, byte[] body, InetAddress client) {
    return new RpcRequest(method, path, params, body == null ? new byte[0] : body, client);
  }

  /** {@code GET} or {@code POST}. */
  public String method() {
    return method;
  }

  public boolean isPost() {
    return "POST".equals(method);
  }

  /** The path without the query, e.g. {@code /block}. */
  public String path() {
    return path;
  }

  /** The query parameter's value, or null when absent (an empty value is "", not null). */
  public String param(String name) {
    return params.get(name);
  }

  /** All query parameters in the order given. */
  public Map<String, String> params() {
    return params;
  }

  /** The body bytes (not a copy: do not modify); empty when there is none. */
  public byte[] body() {
    return body;
  }

  public boolean hasBody() {
    return body.length > 0;
  }

  /** The client's IP address (null for requests built without one). */
  public InetAddress client() {
    return client;
  }

  /**
   * The JSON body read as {@code type}: 400 {@code missing_body} when there is none, 400
   * {@code bad_json} when it is not JSON of that shape (a field given twice, data after the
   * object, a syntax error with its line and column), 400 {@code unknown_field} naming a field
   * the type does not have.
   */
  public <T> T bodyAs(Class<T> type) {
    if (!hasBody()) {
      throw new RpcException(400, "missing_body", "body: a JSON object is required");
    }
    try {
      T value = RpcJson.mapper().readValue(body, type);
      if (value == null) {
        throw new RpcException(400, "bad_json", "body: a JSON object is required, got null");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new RpcException(
          400,
          "unknown_field",
          "body: unknown field " + Texts.quote(e.getPropertyName()) + " (known: "
              + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                  .toList())
              + ")");
    } catch (MismatchedInputException e) {
      if (JsonErrors.isTrailingData(e)) {
        throw new RpcException(400, "bad_json", "body: unexpected data after the JSON object");
      }
      throw new RpcException(400, "bad_json", "body: " + fieldPath(e) + expected(e.getTargetType()));
    } catch (StreamReadException e) {
      String duplicate = JsonErrors.duplicateField(e);
      if (duplicate != null) {
        throw new RpcException(400, "bad_json", "body: " + Texts.quote(duplicate) + " given twice");
      }
      throw new RpcException(400, "bad_json", "body is not valid JSON: " + JsonErrors.describe(e));
    } catch (JsonProcessingException e) {
      throw new RpcException(
          400, "bad_json", "body is not valid JSON: " + oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new RpcException(400, "bad_json", "body cannot be read: " + oneLine(e.getMessage()));
    }
  }

  /** What a JSON value of {@code type} looks like, in the client's words, not Java's. */
  private static String expected(Class<?> type) {
    if (type == null) {
      return "unexpected value";
    }
    if (type == String.class || type.isEnum()) {
      return "expected a string";
    }
    if (type == long.class || type == int.class || type == Long.class || type == Integer.class
        || type == short.class || type == java.math.BigInteger.class) {
      return "expected an integer";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "expected true or false";
    }
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "expected an array";
    }
    return "expected an object";
  }

  private static String fieldPath(MismatchedInputException e) {
    StringBuilder sb = new StringBuilder();
    e.getPath().forEach(r -> {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    });
    return sb.length() == 0 ? "" : sb + ": ";
  }

  /** Jackson messages may span lines; an error message is one line. */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.replaceAll("\\s*\\R\\s*", " ").trim();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  @Override
  public String toString() {
    return method + " " + path + " " + params.keySet();
  }
}
