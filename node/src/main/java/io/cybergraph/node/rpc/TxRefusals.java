package io.cybergraph.node.rpc;

import io.cybergraph.node.app.tx.Refusal;
import io.cybergraph.node.app.tx.RefusalCode;
import java.util.Locale;

/**
 * How a refused transaction is answered by the broadcast endpoints: the refusal's code in
 * lowercase as {@code error.code} (e.g. {@code sequence_mismatch}), its message, its numbers as
 * {@code error.details}, and the HTTP status of the table in {@code docs/rpc.md}.
 */
public final class TxRefusals {

  private TxRefusals() {}

  /** The error answer of a refusal. */
  public static RpcException toRpcException(Refusal refusal) {
    return new RpcException(
        status(refusal.code()),
        refusal.code().name().toLowerCase(Locale.ROOT),
        refusal.message(),
        refusal.details());
  }

  /** 409 for a tx already known, 503 for a full mempool, 400 for everything the sender can fix. */
  public static int status(RefusalCode code) {
    return switch (code) {
      case ALREADY_IN_MEMPOOL, ALREADY_SEEN -> 409;
      case MEMPOOL_FULL -> 503;
      default -> 400;
    };
  }
}
