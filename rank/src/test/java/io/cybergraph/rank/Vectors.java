package io.cybergraph.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybergraph.rank.history.BlockHistory;
import io.cybergraph.rank.history.VectorFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Loads the shared test vectors from the test resources. */
final class Vectors {
  static final List<String> NAMES =
      List.of("tiny", "small", "edges", "restake", "capped", "diffusion", "hub");

  private Vectors() {}

  static JsonNode expected(String name) {
    try (InputStream in = open(name, "expected.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RankParams params(String name) {
    RankParams.Builder b = RankParams.builder();
    for (Map.Entry<String, JsonNode> e : expected(name).get("params").properties()) {
      b.set(e.getKey(), e.getValue().asText());
    }
    return b.build();
  }

  static BlockHistory history(String name) {
    BlockHistory.Builder b = BlockHistory.builder();
    try {
      int i = 0;
      for (String line : lines(name, "links.tsv")) {
        b.linkLine(++i, line);
      }
      i = 0;
      for (String line : lines(name, "stakes.tsv")) {
        b.stakeLine(++i, line);
      }
    } catch (VectorFormatException e) {
      throw new AssertionError(name + ": " + e.getMessage(), e);
    }
    return b.build();
  }

  private static List<String> lines(String name, String file) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(open(name, file), StandardCharsets.UTF_8))) {
      return r.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name, String file) {
    InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name + "/" + file);
    if (in == null) {
      throw new AssertionError("missing vector resource " + name + "/" + file);
    }
    return in;
  }
}
