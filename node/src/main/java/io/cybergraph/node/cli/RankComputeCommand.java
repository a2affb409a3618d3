package io.cybergraph.node.cli;

import io.cybergraph.node.home.IoErrors;
import io.cybergraph.rank.BlockResult;
import io.cybergraph.rank.RankEngine;
import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.history.BlockHistory;
import io.cybergraph.rank.history.VectorFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cyber rank compute}: replays a history in the vector file format (spec §10) block by
 * block and writes the result as JSON of the vectors' {@code expected.json} shape.
 */
@Command(
    name = "compute",
    mixinStandardHelpOptions = true,
    description = {
      "Run every height of a links/stakes history through the tri-kernel and write "
          + "params, blocks (particles, iterations, delta, root), final focus and karma as JSON."
    })
public final class RankComputeCommand implements Callable<Integer> {
  /** More worker threads than this is a typing error, not a machine. */
  static final int MAX_THREADS = 1024;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--links", required = true, paramLabel = "FILE",
      description = "links.tsv: height neuron from to")
  Path links;

  @Option(names = "--stakes", required = true, paramLabel = "FILE",
      description = "stakes.tsv: [height] neuron stake")
  Path stakes;

  @Option(names = "--params", paramLabel = "FILE.json",
      description = "rank parameters by the spec's names (default: the spec's defaults)")
  Path params;

  @Option(names = "--threads", paramLabel = "N",
      description = "worker threads (default: all cores; results do not depend on it)")
  Integer threads;

  @Option(names = "--out", paramLabel = "FILE", description = "write JSON here (default: stdout)")
  Path out;

  @Option(names = "--stats", description = "add build_ms, total_ms, iteration_ms_median per block")
  boolean stats;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
      if (workers < 1 || workers > MAX_THREADS) {
        throw new BadInputException("--threads: must be in 1.." + MAX_THREADS + ", got " + workers);
      }
      RankParams rankParams = params == null ? RankParams.defaults() : RankParamsFile.read(params);
      BlockHistory history = readHistory();
      RankJson.Result result = run(rankParams, history, workers);
      write(result);
      return 0;
    } catch (BadInputException e) {
      err.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("cannot write " + out + ": " + IoErrors.describe(e));
      return 1;
    } catch (RuntimeException e) {
      err.println("rank computation failed: " + e);
      return 1;
    } catch (OutOfMemoryError e) {
      err.println("out of memory: give the JVM more heap (CYBER_JAVA_OPTS=-Xmx...)");
      return 1;
    } finally {
      err.flush();
    }
  }

  private BlockHistory readHistory() throws BadInputException {
    BlockHistory.Builder b = BlockHistory.builder();
    try {
      InputFiles.forEachLine(links, b::linkLine);
      InputFiles.forEachLine(stakes, b::stakeLine);
    } catch (VectorFormatException e) {
      throw formatError(e);
    } catch (BadInputException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return b.build();
  }

  private BadInputException formatError(VectorFormatException e) {
    Path file = e.source() == VectorFormatException.Source.LINKS ? links : stakes;
    return new BadInputException(file + ":" + e.line() + ": " + e.reason());
  }

  private RankJson.Result run(RankParams rankParams, BlockHistory history, int workers)
      throws BadInputException {
    List<RankJson.Block> blocks = new ArrayList<>();
    try (RankEngine engine = new RankEngine(rankParams, workers)) {
      history.replay(engine, (height, r) -> blocks.add(new RankJson.Block(height, r)));
      long[] focus = engine.focus();
      String[] cids = new String[focus.length];
      for (int j = 0; j < cids.length; j++) {
        cids[j] = engine.graph().particle(j);
      }
      return new RankJson.Result(rankParams, blocks, cids, focus, engine.karma());
    } catch (VectorFormatException e) {
      throw formatError(e);
    }
  }

  /** Writes to a temporary file beside --out and moves it into place, or to stdout. */
  private void write(RankJson.Result result) throws IOException {
    if (out == null) {
      PrintWriter stdout = spec.commandLine().getOut();
      RankJson.write(result, stats, stdout);
      stdout.println();
      stdout.flush();
      return;
    }
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".rank-", ".json.tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        RankJson.write(result, stats, w);
        w.write('\n');
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static double millis(long nanos) {
    return Math.round(nanos / 1e3) / 1e3;
  }

}
