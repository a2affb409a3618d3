package io.cybergraph.node.cli;

import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.rank.BlockResult;
import io.cybergraph.rank.RankEngine;
import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.StepPhases;
import io.cybergraph.rank.synthetic.PowerLawGraph;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code cyber bench rank --per-block}: what a validator's rank thread does per block, block
 * after block on a growing graph: add the block's links to the engine, run the block step and
 * publish the snapshot ({@link RankPipeline#snapshot}), timed phase by phase, with the CPU time
 * of the process, the GC time and the bytes allocated per block.
 *
 * <p>Two shapes. {@code load} is what {@code cyber bench load} makes: a fixed set of funded
 * accounts, each link between two particles never seen before (so two new particles per link,
 * CIDv1 texts of 59 characters), stakes unchanged. {@code powerlaw} starts from the seeded
 * power-law graph of {@code cyber bench rank} and adds, per block, links from a new particle
 * to an existing one picked by preferential attachment, by the graph's own neurons.
 */
final class BenchRankPerBlock {
  /** Blocks computed before timing starts (JIT, first allocation of the buffers). */
  static final int WARMUP_BLOCKS = 3;

  private static final String[] PHASES = {
    "feed", "build", "extend", "iterate", "reorder", "tree", "queries", "snapshot"
  };

  private final String shape;
  private final int particles;
  private final long links;
  private final int blockLinks;
  private final int blocks;
  private final int accounts;
  private final int threads;
  private final long seed;
  private final PrintWriter err;

  private SplittableRandom rnd;
  private String[] neurons;
  private long cidCounter;
  /** Link targets so far (powerlaw): a uniform pick from it is a pick by in-degree. */
  private int[] targets;
  private int targetCount;
  private List<String> particleIds;

  BenchRankPerBlock(String shape, int particles, long links, int blockLinks, int blocks,
      int accounts, int threads, long seed, PrintWriter err) {
    this.shape = shape;
    this.particles = particles;
    this.links = links;
    this.blockLinks = blockLinks;
    this.blocks = blocks;
    this.accounts = accounts;
    this.threads = threads;
    this.seed = seed;
    this.err = err;
  }

  /**
   * Per-block figures over the timed blocks: phases (CPU ms of the Java threads), wall and CPU
   * as medians; process CPU, GC and allocation as means (a collection comes every few blocks).
   */
  record Result(int startParticles, int endParticles, long endLinks, int iterations,
      Map<String, Double> phaseMs, double wallMs, double cpuMs, double processCpuMs, double gcMs,
      double allocMb) {}

  Result run() {
    rnd = new SplittableRandom(seed);
    try (RankEngine engine = new RankEngine(RankParams.defaults(), threads)) {
      err.printf("filling the %s graph: %d particles ...%n", shape, particles);
      err.flush();
      fill(engine);
      engine.phaseClock(BenchRankPerBlock::threadCpuNanos); // CPU of all threads, per phase
      int start = engine.graph().particleCount();
      int total = WARMUP_BLOCKS + blocks;
      double[][] phase = new double[PHASES.length][blocks];
      double[] wall = new double[blocks];
      double[] cpu = new double[blocks];
      double[] gc = new double[blocks];
      double[] processCpu = new double[blocks];
      double[] alloc = new double[blocks];
      int iterations = 0;
      RankSnapshot keep = null;
      for (int b = 0; b < total; b++) {
        long process0 = processCpuNanos();
        long gc0 = gcMillis();
        long alloc0 = allocatedBytes();
        long t0 = System.nanoTime();
        long cpu0 = threadCpuNanos();
        addBlock(engine);
        long fed = threadCpuNanos();
        BlockResult r = engine.step();
        long stepped = threadCpuNanos();
        keep = RankPipeline.snapshot(b + 1, engine, r);
        long cpuEnd = threadCpuNanos();
        long done = System.nanoTime();
        StepPhases p = engine.phases();
        long cpuUsed = cpuEnd - cpu0;
        iterations = r.iterations();
        err.printf("block %d%s: %d particles, %d iterations, %.0f ms wall, %.0f ms CPU%n",
            b + 1, b < WARMUP_BLOCKS ? " (warm-up)" : "", r.particles(), r.iterations(),
            (done - t0) / 1e6, cpuUsed / 1e6);
        err.flush();
        if (b < WARMUP_BLOCKS) {
          continue;
        }
        int i = b - WARMUP_BLOCKS;
        long[] ns = {fed - cpu0, p.buildNanos(), p.extendNanos(), p.iterateNanos(),
          p.reorderNanos(), p.treeNanos(), p.queriesNanos(), cpuEnd - stepped};
        for (int k = 0; k < ns.length; k++) {
          phase[k][i] = ns[k] / 1e6;
        }
        wall[i] = (done - t0) / 1e6;
        cpu[i] = cpuUsed / 1e6;
        gc[i] = gcMillis() - gc0;
        processCpu[i] = (processCpuNanos() - process0) / 1e6;
        alloc[i] = (allocatedBytes() - alloc0) / (1024.0 * 1024);
      }
      Map<String, Double> phaseMs = new LinkedHashMap<>();
      for (int k = 0; k < PHASES.length; k++) {
        phaseMs.put(PHASES[k], median(phase[k]));
      }
      return new Result(start, engine.graph().particleCount(), engine.graph().linkCount(),
          iterations, phaseMs, median(wall), median(cpu), mean(processCpu), mean(gc),
          mean(alloc));
    }
  }

  static String[] phaseNames() {
    return PHASES.clone();
  }

  private void fill(RankEngine engine) {
    if (shape.equals("load")) {
      neurons = new String[accounts];
      for (int k = 0; k < accounts; k++) {
        neurons[k] = "cyber1" + base32(38);
        engine.setStake(neurons[k], 1_000_000_000L + rnd.nextLong(1_000_000_000_000L));
      }
      for (long l = 0; l < particles / 2; l++) {
        engine.addLink(neurons[rnd.nextInt(accounts)], newCid(), newCid());
      }
    } else {
      particleIds = new ArrayList<>();
      targets = new int[1024];
      new PowerLawGraph(particles, links, seed).generate(new PowerLawGraph.Sink() {
        @Override
        public void stake(String neuron, long stake) {
          engine.setStake(neuron, stake);
        }

        @Override
        public boolean link(String neuron, String from, String to) {
          boolean added = engine.addLink(neuron, from, to);
          if (added) {
            addTarget(engine.graph().particleIndex(to));
          }
          return added;
        }
      });
      neurons = new String[engine.graph().neuronCount()];
      for (int k = 0; k < neurons.length; k++) {
        neurons[k] = engine.graph().neuron(k);
      }
    }
    engine.step(); // the focus of the filled graph, from uniform: the start of the chain here
  }

  private void addBlock(RankEngine engine) {
    for (int l = 0; l < blockLinks; l++) {
      if (shape.equals("load")) {
        engine.addLink(neurons[rnd.nextInt(neurons.length)], newCid(), newCid());
      } else {
        String from = newCid();
        int to = targets[rnd.nextInt(targetCount)];
        String neuron = neurons[(int) (neurons.length * Math.pow(rnd.nextDouble(), 2))];
        if (engine.addLink(neuron, from, engine.graph().particle(to))) {
          addTarget(to);
        }
      }
    }
  }

  private void addTarget(int particle) {
    if (targetCount == targets.length) {
      targets = Arrays.copyOf(targets, targetCount * 2);
    }
    targets[targetCount++] = particle;
  }

  /** A CIDv1 text of a raw sha2-256 (59 characters), new each time. */
  private String newCid() {
    cidCounter++;
    return "bafkrei" + base32(52);
  }

  private String base32(int chars) {
    char[] c = new char[chars];
    for (int i = 0; i < chars; i++) {
      c[i] = "abcdefghijklmnopqrstuvwxyz234567".charAt(rnd.nextInt(32));
    }
    return new String(c);
  }

  static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : 0;
  }

  /**
   * CPU time of the JVM's live Java threads (the rank thread and the engine's workers; not the
   * GC's own threads), in ns: the process CPU clock ticks too coarsely to time one phase.
   */
  static long threadCpuNanos() {
    var threads = ManagementFactory.getThreadMXBean();
    if (!(threads instanceof com.sun.management.ThreadMXBean sun)) {
      return System.nanoTime();
    }
    long sum = 0;
    for (long t : sun.getThreadCpuTime(sun.getAllThreadIds())) {
      sum += Math.max(0, t);
    }
    return sum;
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  /** Bytes allocated so far by the live threads of this JVM (0 if it does not say). */
  private static long allocatedBytes() {
    var threads = ManagementFactory.getThreadMXBean();
    if (!(threads instanceof com.sun.management.ThreadMXBean sun)) {
      return 0;
    }
    long sum = 0;
    for (long a : sun.getThreadAllocatedBytes(sun.getAllThreadIds())) {
      sum += Math.max(0, a);
    }
    return sum;
  }

  static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int mid = s.length / 2;
    return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }
}
