package io.cybergraph.p2p;

/** Who opened a connection: the remote node (inbound) or this node (outbound). */
public enum Direction {
  INBOUND,
  OUTBOUND
}
