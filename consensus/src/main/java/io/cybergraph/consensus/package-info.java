/**
 * Tendermint consensus (docs/consensus.md): {@code state} is the pure state machine of the paper,
 * {@code adaptor} converts and checks protocol messages for it, {@code wal} is its write-ahead log,
 * {@code signer} the validator key with double-sign protection, {@code engine} puts them together
 * behind three small interfaces the node implements, and {@code script} runs the machine from a
 * scenario (the {@code cyber consensus script} command).
 */
package io.cybergraph.consensus;
