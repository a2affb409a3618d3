package io.cybergraph.store;

/** Receives links of the link log in sequence order (see {@link LinkLog#replay}). */
@FunctionalInterface
public interface LinkVisitor {
  void visit(long seq, byte[] neuron, int from, int to, long height);
}
