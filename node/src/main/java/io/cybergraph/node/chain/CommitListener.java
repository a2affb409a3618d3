package io.cybergraph.node.chain;

/** Told about every committed block, on the committing thread, after it is durable. */
@FunctionalInterface
public interface CommitListener {
  void committed(BlockCommitted event);
}
