package io.cybergraph.store;

import java.nio.charset.StandardCharsets;

/**
 * The column families. Key and value layouts are in {@code docs/store.md}; every integer in a
 * key is fixed-width big-endian, so RocksDB's byte order is numeric order.
 */
enum Column {
  /** RocksDB's default family, used for the few meta keys (latest height, counters, frontier). */
  META("default", false),
  BLOCKS("blocks", false),
  BLOCK_HASHES("block_hashes", true),
  BLOCK_INFO("block_info", false),
  COMMITS("commits", false),
  TX_BY_HASH("tx_by_hash", true),
  TX_BY_POSITION("tx_by_position", false),
  LINKS("links", false),
  LINKS_BY_NEURON("links_by_neuron", false),
  LINKS_OUT("links_out", false),
  LINKS_IN("links_in", false),
  PARTICLE_BY_KEY("particle_by_key", true),
  PARTICLE_BY_INDEX("particle_by_index", false),
  ACCOUNTS("accounts", false),
  FOCUS("focus", false),
  LINK_TREE("link_tree", false),
  EVIDENCE("evidence", false),
  EVIDENCE_BY_KEY("evidence_by_key", true),
  EVIDENCE_PENDING("evidence_pending", false);

  final String familyName;
  /** Looked up by exact key with many misses: worth a Bloom filter (≈ 10 bits per key). */
  final boolean pointLookups;

  Column(String familyName, boolean pointLookups) {
    this.familyName = familyName;
    this.pointLookups = pointLookups;
  }

  byte[] nameBytes() {
    return familyName.getBytes(StandardCharsets.UTF_8);
  }
}
