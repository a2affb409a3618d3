package io.cybergraph.rank;

/**
 * Where the last block step spent its time, phase by phase (measurements only, no part of
 * consensus): the matrix build, extending and normalising the previous focus, the iterations,
 * putting the focus back into index order, the rank tree, and keeping what karma needs.
 */
public record StepPhases(
    long buildNanos,
    long extendNanos,
    long iterateNanos,
    long reorderNanos,
    long treeNanos,
    long queriesNanos) {

  public static final StepPhases NONE = new StepPhases(0, 0, 0, 0, 0, 0);

  public long totalNanos() {
    return buildNanos + extendNanos + iterateNanos + reorderNanos + treeNanos + queriesNanos;
  }
}
