package io.cybergraph.node.rankpipe;

/**
 * The focus of a height is never computed here: rank snapshot sync took up a snapshot above it
 * ({@link RankPipeline#skipped}), possibly while a thread was waiting for that height.
 */
public final class RankSkippedException extends IllegalStateException {
  public RankSkippedException(long height) {
    super("the focus of height " + height + " is never computed here: rank took up a snapshot"
        + " above it");
  }
}
