/**
 * Block sync: serving stored blocks to peers, and fetching, verifying (commit signatures and
 * power, block id, header links) and applying blocks in order to catch up with the chain and
 * follow it. See {@code docs/sync.md}.
 */
package io.cybergraph.node.sync;
