package io.cybergraph.node.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapping of the RPC: record components and bean properties are written in
 * snake_case, bodies are read strictly (unknown fields, a field given twice, trailing tokens and
 * nulls for primitives are errors). Integers that can exceed 2^53 are the handlers' to write as strings.
 */
public final class RpcJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          // else the last of two "tx" fields wins silently, or a record fails with its class name
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  static {
    // a number or boolean where text is expected is an error, not silently "5"
    MAPPER.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  private RpcJson() {}

  /** The shared mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A new empty JSON object to fill. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Compact UTF-8 JSON of {@code value}. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /** {@code {"error": {"code": code, "message": message}}}. */
  public static byte[] error(String code, String message) {
    return error(code, message, java.util.Map.of());
  }

  /** As {@link #error(String, String)}, with {@code "details"} when there are any. */
  public static byte[] error(String code, String message, java.util.Map<String, String> details) {
    ObjectNode root = object();
    ObjectNode error = root.putObject("error").put("code", code).put("message", message);
    if (!details.isEmpty()) {
      ObjectNode out = error.putObject("details");
      details.forEach(out::put);
    }
    return write(root);
  }
}
