package io.cybergraph.node.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.cybergraph.rank.BlockResult;
import io.cybergraph.rank.RankParams;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code cyber rank compute}, in the shape of the vectors' {@code expected.json}:
 * {@code params}, {@code blocks}, {@code focus} ({@code [cid, value]} in index order) and
 * {@code karma} ({@code [neuron, value]} sorted by neuron). Focus, karma and δ can exceed 2^53
 * and are strings. Streamed, so a graph of millions of particles needs no document in memory.
 */
final class RankJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private RankJson() {}

  /** One block of the history. */
  record Block(int height, BlockResult result) {}

  /** Everything the command writes. */
  record Result(
      RankParams params, List<Block> blocks, String[] cids, long[] focus, Map<String, Long> karma) {}

  static void write(Result r, boolean stats, Writer out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out);
    // one value per line, as in expected.json
    g.setPrettyPrinter(
        new DefaultPrettyPrinter()
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));
    g.writeStartObject();
    g.writeObjectFieldStart("params");
    for (Map.Entry<String, Object> p : r.params().asMap().entrySet()) {
      if (p.getValue() instanceof Integer i) {
        g.writeNumberField(p.getKey(), i);
      } else {
        g.writeStringField(p.getKey(), p.getValue().toString());
      }
    }
    g.writeEndObject();
    g.writeArrayFieldStart("blocks");
    for (Block b : r.blocks()) {
      BlockResult br = b.result();
      g.writeStartObject();
      g.writeNumberField("height", b.height());
      g.writeNumberField("particles", br.particles());
      g.writeNumberField("iterations", br.iterations());
      g.writeStringField("delta", Long.toString(br.delta()));
      g.writeStringField("root", br.rootHex());
      if (stats) {
        g.writeNumberField("build_ms", RankComputeCommand.millis(br.buildNanos()));
        g.writeNumberField("total_ms", RankComputeCommand.millis(br.totalNanos()));
        g.writeNumberField(
            "iteration_ms_median", RankComputeCommand.millis(br.iterationMedianNanos()));
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("focus");
    for (int j = 0; j < r.focus().length; j++) {
      g.writeStartArray();
      g.writeString(r.cids()[j]);
      g.writeString(Long.toString(r.focus()[j]));
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("karma");
    for (Map.Entry<String, Long> k : r.karma().entrySet()) {
      g.writeStartArray();
      g.writeString(k.getKey());
      g.writeString(Long.toString(k.getValue()));
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
  }
}
