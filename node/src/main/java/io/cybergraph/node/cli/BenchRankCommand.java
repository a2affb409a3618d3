package io.cybergraph.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.graph.TransitionMatrices;
import io.cybergraph.rank.kernel.TriKernel;
import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.parallel.WorkerPool;
import io.cybergraph.rank.synthetic.PowerLawGraph;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cyber bench rank}: builds a seeded power-law graph, then times the matrix build and
 * single tri-kernel iterations with the default parameters (K = 10 powers of M).
 */
@Command(
    name = "rank",
    mixinStandardHelpOptions = true,
    description = {
      "Time the rank matrix build and one tri-kernel iteration on a reproducible power-law "
          + "graph (default parameters). Progress goes to stderr."
    })
public final class BenchRankCommand implements Callable<Integer> {
  private static final int BUILDS = 3;
  private static final int WARMUP_ITERATIONS = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--particles", required = true, paramLabel = "N", description = "particles")
  int particles;

  @Option(names = "--links", paramLabel = "M",
      description = "distinct links (required, except with --per-block --shape load)")
  long links;

  @Option(names = "--per-block",
      description = "simulate consecutive blocks on a growing graph, as a validator's rank"
          + " thread runs them, and time each phase of the block step")
  boolean perBlock;

  @Option(names = "--shape", paramLabel = "S", defaultValue = "load",
      description = "--per-block graph: load (cyber bench load: fresh particle pairs, few"
          + " accounts) or powerlaw (default: ${DEFAULT-VALUE})")
  String shape;

  @Option(names = "--block-links", paramLabel = "L", defaultValue = "5000",
      description = "--per-block: links per block; 0 for idle blocks (default: ${DEFAULT-VALUE})")
  int blockLinks;

  @Option(names = "--blocks", paramLabel = "B", defaultValue = "10",
      description = "--per-block: timed blocks, after 3 warm-up blocks (default: ${DEFAULT-VALUE})")
  int blocks;

  @Option(names = "--accounts", paramLabel = "A", defaultValue = "100",
      description = "--per-block --shape load: linking accounts (default: ${DEFAULT-VALUE})")
  int accounts;

  @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)")
  Integer threads;

  @Option(names = "--iterations", paramLabel = "I", defaultValue = "10",
      description = "timed iterations (default: ${DEFAULT-VALUE}), after 3 warm-up iterations")
  int iterations;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "graph seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try {
      return measure();
    } catch (OutOfMemoryError e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("out of memory: give the JVM more heap (CYBER_JAVA_OPTS=-Xmx...)");
      err.flush();
      return 1;
    }
  }

  private int measure() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    String bad = validate(workers);
    if (bad != null) {
      err.println(bad);
      err.flush();
      return 2;
    }
    if (perBlock) {
      return measurePerBlock(workers, out, err);
    }
    RankParams params = RankParams.defaults();
    err.printf("generating %d particles, %d links (seed %d) ...%n", particles, links, seed);
    err.flush();
    CybergraphState graph = generate();

    try (WorkerPool pool = new WorkerPool(workers)) {
      long[] buildNanos = new long[BUILDS];
      long[] buildCpu = new long[BUILDS];
      TransitionMatrices m = null;
      for (int b = 0; b < BUILDS; b++) {
        m = null; // let the previous build go before timing the next
        long cpu = processCpuNanos();
        long t = System.nanoTime();
        m = TransitionMatrices.build(graph, pool);
        buildNanos[b] = System.nanoTime() - t;
        buildCpu[b] = processCpuNanos() - cpu;
        err.printf("build %d/%d: %.1f ms%n", b + 1, BUILDS, buildNanos[b] / 1e6);
        err.flush();
      }
      TriKernel kernel = new TriKernel(params, m, pool);
      int n = m.size();
      long[] x = new long[n];
      Arrays.fill(x, Fixed.ONE / n);
      x = m.order().toInternal(kernel.normalise(x));
      long[] next = new long[n];
      long[] times = new long[iterations];
      long cpuStart = 0;
      for (int i = -WARMUP_ITERATIONS; i < iterations; i++) {
        if (i == 0) {
          cpuStart = processCpuNanos();
        }
        long t = System.nanoTime();
        kernel.phi(x, next);
        long took = System.nanoTime() - t;
        long[] swap = x;
        x = next;
        next = swap;
        if (i >= 0) {
          times[i] = took;
        }
        err.printf("iteration %s: %.1f ms%n", i < 0 ? "warm-up" : (i + 1) + "/" + iterations,
            took / 1e6);
        err.flush();
      }
      double cpuPerIteration = (processCpuNanos() - cpuStart) / 1e6 / iterations;
      double heapMb = heapUsedMb();
      Arrays.sort(times);
      Arrays.sort(buildNanos);
      Arrays.sort(buildCpu);
      double buildMs = buildNanos[BUILDS / 2] / 1e6;
      double median = median(times) / 1e6;
      long entries = m.diffusion().nonZeros() + params.lastPower() * m.symmetric().nonZeros();
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("particles", n);
        o.put("links", graph.linkCount());
        o.put("threads", workers);
        o.put("build_ms", round(buildMs));
        o.put("iteration_ms_median", round(median));
        o.put("iteration_ms_min", round(times[0] / 1e6));
        o.put("iteration_ms_max", round(times[times.length - 1] / 1e6));
        o.put("heap_mb", round(heapMb));
        out.println(new ObjectMapper().writeValueAsString(o));
      } else {
        out.printf("graph        %d particles, %d links, %d neurons (seed %d)%n",
            n, graph.linkCount(), graph.neuronCount(), seed);
        out.printf("matrices     P %d entries, M %d entries, %d column blocks%n",
            m.diffusion().nonZeros(), m.symmetric().nonZeros(), m.symmetric().blocks());
        out.printf("build        %.1f ms (median of %d)%n", buildMs, BUILDS);
        out.printf("iteration    median %.1f ms, min %.1f ms, max %.1f ms (%d iterations, %d threads)%n",
            median, times[0] / 1e6, times[times.length - 1] / 1e6, iterations, workers);
        out.printf("throughput   %.3g edge entries/s (P + %d × M per iteration)%n",
            entries / (median / 1e3), params.lastPower());
        out.printf("heap used    %.0f MB%n", heapMb);
        // on a shared machine wall time ≫ CPU time / threads shows the others' load
        out.printf("machine      CPU (all threads) %.0f ms per build, %.1f ms per iteration;"
                + " load average %.1f on %d cores%n",
            buildCpu[BUILDS / 2] / 1e6,
            cpuPerIteration,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            Runtime.getRuntime().availableProcessors());
      }
      out.flush();
      return 0;
    }
  }

  private int measurePerBlock(int workers, PrintWriter out, PrintWriter err) throws Exception {
    BenchRankPerBlock.Result r =
        new BenchRankPerBlock(shape, particles, links, blockLinks, blocks, accounts, workers, seed,
            err).run();
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("shape", shape);
      o.put("particles_start", r.startParticles());
      o.put("particles_end", r.endParticles());
      o.put("links_end", r.endLinks());
      o.put("block_links", blockLinks);
      o.put("blocks", blocks);
      o.put("threads", workers);
      o.put("iterations", r.iterations());
      Map<String, Object> phases = new LinkedHashMap<>();
      r.phaseMs().forEach((k, v) -> phases.put(k, round(v)));
      o.put("phase_cpu_ms_median", phases);
      o.put("wall_ms_median", round(r.wallMs()));
      o.put("cpu_ms_median", round(r.cpuMs()));
      o.put("process_cpu_ms_mean", round(r.processCpuMs()));
      o.put("gc_ms_mean", round(r.gcMs()));
      o.put("alloc_mb_mean", round(r.allocMb()));
      o.put("load_average", round(load));
      out.println(new ObjectMapper().writeValueAsString(o));
    } else {
      out.printf("graph        %s: %d → %d particles, %d links at the end, %d links per block%n",
          shape, r.startParticles(), r.endParticles(), r.endLinks(), blockLinks);
      out.printf("per block    medians of %d blocks (after %d warm-up), %d threads, %d iterations;"
              + " CPU ms of all threads per phase%n",
          blocks, BenchRankPerBlock.WARMUP_BLOCKS, workers, r.iterations());
      for (Map.Entry<String, Double> e : r.phaseMs().entrySet()) {
        out.printf("  %-10s %8.1f ms%n", e.getKey(), e.getValue());
      }
      out.printf("  %-10s %8.1f ms CPU of the Java threads, %.1f ms wall (medians)%n",
          "total", r.cpuMs(), r.wallMs());
      out.printf("  %-10s %8.1f ms process CPU with GC and JIT, %.1f ms GC pauses, %.0f MB"
              + " allocated (means)%n", "process", r.processCpuMs(), r.gcMs(), r.allocMb());
      out.printf("machine      load average %.1f on %d cores%n", load,
          Runtime.getRuntime().availableProcessors());
    }
    out.flush();
    return 0;
  }

  private String validate(int workers) {
    if (particles < 2) {
      return "--particles: must be ≥ 2, got " + particles;
    }
    if (perBlock) {
      if (!shape.equals("load") && !shape.equals("powerlaw")) {
        return "--shape: must be load or powerlaw, got " + shape;
      }
      if (blockLinks < 0 || blocks < 1 || accounts < 1) {
        return "--block-links must be ≥ 0, --blocks and --accounts ≥ 1";
      }
      if (workers < 1 || workers > RankComputeCommand.MAX_THREADS) {
        return "--threads: must be in 1.." + RankComputeCommand.MAX_THREADS + ", got " + workers;
      }
      if (shape.equals("load")) {
        return null;
      }
    }
    if (links < 1) {
      return "--links: must be ≥ 1, got " + links;
    }
    if (links > (long) particles * (particles - 1) / 2 || links > Integer.MAX_VALUE / 2) {
      return "--links: too many for " + particles + " particles, got " + links;
    }
    if (workers < 1 || workers > RankComputeCommand.MAX_THREADS) {
      return "--threads: must be in 1.." + RankComputeCommand.MAX_THREADS + ", got " + workers;
    }
    if (iterations < 1) {
      return "--iterations: must be ≥ 1, got " + iterations;
    }
    return null;
  }

  private CybergraphState generate() {
    return new PowerLawGraph(particles, links, seed).toGraph();
  }

  /** CPU time of this process so far (0 if the JVM does not say). */
  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : 0;
  }

  /** Heap in use after a collection: the live graph, matrices and vectors. */
  private static double heapUsedMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
  }

  private static double median(long[] sorted) {
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
