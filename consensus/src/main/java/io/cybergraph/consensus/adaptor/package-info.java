/**
 * The protocol boundary of the state machine: checks protocol votes and proposals (one validator
 * class per message type) and converts them, BlockIDs and validator sets to the machine's value
 * types.
 */
package io.cybergraph.consensus.adaptor;
