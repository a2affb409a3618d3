package io.cybergraph.node.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of every native thread of this process, from {@code /proc/self/task} (Linux only):
 * unlike {@link java.lang.management.ThreadMXBean} it also sees the JIT compiler, GC and
 * RocksDB's background threads, which is what SyncBench's "other" line is made of.
 */
final class NativeThreadCpu {
  private static final double TICK_MS = 10.0; // USER_HZ = 100 on Linux

  /** tid → (thread name, CPU ticks so far). */
  record Sample(Map<String, String> names, Map<String, Long> ticks) {}

  static Sample sample() {
    Map<String, String> names = new HashMap<>();
    Map<String, Long> ticks = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return new Sample(names, ticks);
    }
    try (Stream<Path> s = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) s::iterator) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // after the name: state(0) ... utime is field 14 of stat, i.e. index 11 here
          long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          names.put(t.getFileName().toString(), name);
          ticks.put(t.getFileName().toString(), cpu);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return new Sample(names, ticks);
    }
    return new Sample(names, ticks);
  }

  /**
   * CPU ms per block between two samples, grouped by thread name without trailing digits
   * (threads that ended in between are lost: their time is not in {@code after}).
   */
  static String report(Sample before, Sample after, int blocks) {
    Map<String, Long> byGroup = new TreeMap<>();
    long total = 0;
    for (Map.Entry<String, Long> e : after.ticks().entrySet()) {
      long delta = e.getValue() - before.ticks().getOrDefault(e.getKey(), 0L);
      if (delta <= 0) {
        continue;
      }
      String name = after.names().get(e.getKey());
      // a p2p node's I/O threads are p2p-<8 hex of its id>-…: keep the id, which tells nodes apart
      String group = name.startsWith("p2p-") && name.length() >= 12
          ? name.substring(0, 12) : name.replaceAll("[-#0-9 ]+$", "");
      byGroup.merge(group, delta, Long::sum);
      total += delta;
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "native threads (/proc), CPU ms/block, total %.2f:%n",
        total * TICK_MS / blocks));
    final long all = total;
    byGroup.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(16)
        .forEach(e -> out.append(String.format(Locale.ROOT, "  %-24s %7.3f ms/block %5.1f%%%n",
            e.getKey(), e.getValue() * TICK_MS / blocks, 100.0 * e.getValue() / Math.max(1, all))));
    return out.toString();
  }

  private NativeThreadCpu() {}
}
