/**
 * The node's RocksDB store: committed blocks, commits and transactions, the append-only link log
 * with its indices (by neuron, by particle out and in, by pair), particles, accounts, the last
 * focus vectors, the links-root frontier and a link tree for inclusion proofs.
 *
 * <p>Entry point: {@link io.cybergraph.store.ChainStore}. One block is one atomic, synced
 * RocksDB batch, built by {@code BlockWriter}; each column family has its own small class that
 * knows its key and value layout (see {@code docs/store.md}).
 */
package io.cybergraph.store;
