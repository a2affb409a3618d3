/**
 * Transaction gossip: txs admitted to the mempool are sent once to every peer that does not
 * have them, in batches; received txs go through the mempool's checks. See {@code
 * docs/sync.md}.
 */
package io.cybergraph.node.gossip;
