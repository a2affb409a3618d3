package io.cybergraph.rank.bench;

/**
 * Runs {@link PhiBenchmark} with JMH. Without arguments it runs the whole benchmark; any
 * arguments go to JMH's own command line, e.g. {@code PhiBenchmark.iteration -p
 * particles=1000000 -p threads=2}.
 */
public final class PhiBenchmarkMain {
  private PhiBenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args.length == 0 ? new String[] {"PhiBenchmark"} : args);
  }
}
