package io.cybergraph.node.cli;

import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.history.BlockHistory;
import io.cybergraph.rank.history.VectorFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options {@code cyber rank explain} and {@code cyber rank context} share: a history in the
 * vector file format, whose final graph and stakes they query, the parameters, the particle.
 */
final class RankQueryInput {
  /** A query's work: prints its answer, or throws. */
  interface Query {
    void run() throws BadInputException, IOException;
  }

  /**
   * Runs {@code query} and gives the command's exit code: 0, 2 for bad input (its message on
   * stderr), 1 when it fails ("WHAT failed: …") or runs out of heap.
   */
  static int exitCode(String what, PrintWriter err, Query query) {
    try {
      query.run();
      return 0;
    } catch (BadInputException e) {
      err.println(e.getMessage());
      return 2;
    } catch (RuntimeException | IOException e) {
      err.println(what + " failed: " + e);
      return 1;
    } catch (OutOfMemoryError e) {
      err.println("out of memory: give the JVM more heap (CYBER_JAVA_OPTS=-Xmx...)");
      return 1;
    } finally {
      err.flush();
    }
  }

  /** More than this many rows is a typing error. */
  static final int MAX_TOP = 100_000;

  @Option(names = "--links", required = true, paramLabel = "FILE",
      description = "links.tsv: height neuron from to")
  Path links;

  @Option(names = "--stakes", required = true, paramLabel = "FILE",
      description = "stakes.tsv: [height] neuron stake")
  Path stakes;

  @Option(names = "--params", paramLabel = "FILE.json",
      description = "rank parameters by the spec's names (default: the spec's defaults)")
  Path params;

  @Option(names = "--particle", required = true, paramLabel = "CID",
      description = "the particle to query")
  String particle;

  @Option(names = "--top", paramLabel = "N", defaultValue = "20",
      description = "rows to print (default: ${DEFAULT-VALUE})")
  int top;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  /** The final graph and the particle's index in it. */
  record Loaded(RankParams params, CybergraphState graph, int particle) {}

  Loaded load() throws BadInputException {
    if (top < 0 || top > MAX_TOP) {
      throw new BadInputException("--top: must be in 0.." + MAX_TOP + ", got " + top);
    }
    RankParams rankParams = params == null ? RankParams.defaults() : RankParamsFile.read(params);
    BlockHistory.Builder b = BlockHistory.builder();
    CybergraphState graph;
    try {
      InputFiles.forEachLine(links, b::linkLine);
      InputFiles.forEachLine(stakes, b::stakeLine);
      graph = b.build().finalGraph();
    } catch (VectorFormatException e) {
      Path file = e.source() == VectorFormatException.Source.LINKS ? links : stakes;
      throw new BadInputException(file + ":" + e.line() + ": " + e.reason());
    } catch (BadInputException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    int j = graph.particleIndex(particle);
    if (j < 0) {
      throw new BadInputException("unknown particle " + particle + ": no link names it");
    }
    return new Loaded(rankParams, graph, j);
  }
}
