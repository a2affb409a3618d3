package io.cybergraph.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybergraph.node.home.CappedFile;
import io.cybergraph.node.home.IoErrors;
import io.cybergraph.rank.InvalidParameterException;
import io.cybergraph.rank.RankParams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads rank parameters from a JSON object with the spec's names: rationals as strings
 * ({@code "0.85"}, {@code "1e-9"}, {@code "17/20"}) or JSON numbers (taken exactly, not as
 * doubles), the counts as integers. Missing names keep their defaults.
 */
final class RankParamsFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private RankParamsFile() {}

  static RankParams read(Path file) throws BadInputException {
    JsonNode root;
    try {
      root = JSON.readTree(CappedFile.read(file, CappedFile.CONFIG_MAX));
    } catch (JsonProcessingException e) {
      throw new BadInputException(
          file + ":" + e.getLocation().getLineNr() + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read: " + IoErrors.describe(e));
    }
    if (root == null || !root.isObject()) {
      throw new BadInputException(file + ": expected a JSON object of rank parameters");
    }
    RankParams.Builder b = RankParams.builder();
    try {
      for (Map.Entry<String, JsonNode> f : root.properties()) {
        JsonNode v = f.getValue();
        String text;
        if (v.isTextual()) {
          text = v.textValue();
        } else if (v.isIntegralNumber()) {
          text = v.bigIntegerValue().toString();
        } else if (v.isNumber()) {
          text = v.decimalValue().toString();
        } else {
          throw new InvalidParameterException(f.getKey(), "must be a string or a number");
        }
        b.set(f.getKey(), text);
      }
      return b.build();
    } catch (InvalidParameterException e) {
      throw new BadInputException(file + ": " + e.getMessage());
    }
  }
}
