package io.cybergraph.node.gossip;

/**
 * Counters of one node's tx gossip since start.
 *
 * @param messagesReceived {@code MempoolMessage}s received
 * @param txsReceived txs in them
 * @param txsAdmitted received txs the mempool admitted
 * @param txsAlreadySeen received txs the mempool had (or had seen) already
 * @param txsRefused received txs the mempool refused (invalid ones included)
 * @param txsInvalid received txs no honest peer relays (counted towards a ban)
 * @param txsDropped received txs dropped because the admission queue was full
 * @param messagesSent {@code MempoolMessage}s sent
 * @param txsSent txs in them
 */
public record GossipStats(
    long messagesReceived,
    long txsReceived,
    long txsAdmitted,
    long txsAlreadySeen,
    long txsRefused,
    long txsInvalid,
    long txsDropped,
    long messagesSent,
    long txsSent) {}
