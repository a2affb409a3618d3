package io.cybergraph.node.rpc;

/**
 * Answers one route. Runs on the RPC handler pool, never on a network thread, so it may block
 * briefly (RocksDB reads); a long wait (e.g. {@code /broadcast_tx_commit}) returns a {@link
 * java.util.concurrent.CompletionStage} instead of blocking a pool thread.
 *
 * <p>The result is anything {@link RpcJson} can write: a record (component names become
 * snake_case fields), a {@link java.util.Map}, a Jackson {@code JsonNode}, or a {@code
 * CompletionStage} of one of those. Expected failures are thrown (or completed exceptionally) as
 * {@link RpcException}; anything else becomes 500 {@code internal} with no details in the answer.
 */
@FunctionalInterface
public interface RpcHandler {
  Object handle(RpcRequest request);
}
