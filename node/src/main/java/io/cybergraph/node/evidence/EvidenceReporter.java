package io.cybergraph.node.evidence;

import io.cybergraph.proto.pb.Vote;

/**
 * Where consensus reports an equivocation it saw: two signed votes of one validator for one
 * height, round and type with different block ids, in any order. The consensus reactor's
 * evidence sink forwards to this (one line when the two are connected).
 */
@FunctionalInterface
public interface EvidenceReporter {
  void report(Vote a, Vote b);
}
