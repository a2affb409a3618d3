package io.cybergraph.rank.bench;

import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.graph.TransitionMatrices;
import io.cybergraph.rank.kernel.TriKernel;
import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.parallel.WorkerPool;
import io.cybergraph.rank.synthetic.PowerLawGraph;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One tri-kernel iteration Φ (default parameters: 1 diffusion product and 10 products with M)
 * on a seeded power-law graph, and one matrix build. Run with {@link PhiBenchmarkMain}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PhiBenchmark {
  @Param({"100000"})
  public int particles;

  @Param({"10"})
  public int linksPerParticle;

  @Param({"1", "2"})
  public int threads;

  private WorkerPool pool;
  private CybergraphState graph;
  private TriKernel kernel;
  private long[] x;
  private long[] next;

  @Setup(Level.Trial)
  public void setUp() {
    graph = new PowerLawGraph(particles, (long) particles * linksPerParticle, 1).toGraph();
    pool = new WorkerPool(threads);
    TransitionMatrices m = TransitionMatrices.build(graph, pool);
    kernel = new TriKernel(RankParams.defaults(), m, pool);
    int n = m.size();
    x = new long[n];
    Arrays.fill(x, Fixed.ONE / n);
    x = m.order().toInternal(kernel.normalise(x));
    next = new long[n];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
  }

  /** One Φ; the vectors swap so every call iterates on. */
  @Benchmark
  public long iteration() {
    long delta = kernel.phi(x, next);
    long[] t = x;
    x = next;
    next = t;
    return delta;
  }

  /** One build of P and M from the link list. */
  @Benchmark
  public TransitionMatrices build() {
    return TransitionMatrices.build(graph, pool);
  }
}
