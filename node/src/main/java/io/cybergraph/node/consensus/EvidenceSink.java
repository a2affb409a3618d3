package io.cybergraph.node.consensus;

import io.cybergraph.proto.pb.Vote;

/**
 * Where equivocation found by consensus goes: two signed votes of one validator for the same
 * height, round and type with different block ids. The evidence module implements it (store,
 * gossip, include in blocks); until then reports are only logged.
 */
@FunctionalInterface
public interface EvidenceSink {
  /** Reports that {@code a} and {@code b} conflict (both signatures verified). */
  void report(Vote a, Vote b);

  /** Keeps nothing. */
  EvidenceSink NONE = (a, b) -> {};
}
