package io.cybergraph.node.rpc.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.state.Account;
import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.tx.PreparedTx;
import io.cybergraph.node.app.tx.TxRefusedException;
import io.cybergraph.node.chain.CommitWaiters;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.rpc.Params;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcException;
import io.cybergraph.node.rpc.RpcRequest;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.node.rpc.TxRefusals;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.proto.pb.Message;
import io.cybergraph.proto.pb.TxBody;
import io.cybergraph.store.TxLocation;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transaction and account routes: {@code /tx}, the two broadcasts, {@code
 * /num_unconfirmed_txs}, {@code /account}, {@code /bandwidth}. A broadcast enters the mempool,
 * which runs every check of the application (strict decoding first); a refusal is answered
 * with its code ({@link TxRefusals}) and changes nothing.
 */
public final class TxHandlers {
  private final CyberNode node;
  private final long commitTimeoutMs;

  public TxHandlers(CyberNode node) {
    this.node = node;
    this.commitTimeoutMs = node.config().rpc.broadcastCommitTimeoutMs;
  }

  public void register(RpcRoutes routes) {
    routes.register(RpcEndpoint.TX, this::tx);
    routes.register(RpcEndpoint.BROADCAST_TX_SYNC, this::broadcastSync);
    routes.register(RpcEndpoint.BROADCAST_TX_COMMIT, this::broadcastCommit);
    routes.register(RpcEndpoint.NUM_UNCONFIRMED_TXS, r -> unconfirmed());
    routes.register(RpcEndpoint.ACCOUNT, this::account);
    routes.register(RpcEndpoint.BANDWIDTH, this::bandwidth);
  }

  ObjectNode tx(RpcRequest request) {
    byte[] hash = Params.hash(request, "hash");
    boolean prove = Params.flag(request, "prove", false);
    TxLocation at = node.store().txs().location(hash).orElseThrow(() -> RpcException.notFound(
        "tx_not_found", "no committed transaction " + Views.hex(hash)));
    Block block = ChainReads.block(node, at.height());
    byte[] raw = block.getData().getTxs(at.index()).toByteArray();
    ObjectNode out = Views.object();
    out.put("hash", Views.hex(hash));
    out.put("height", at.height());
    out.put("index", at.index());
    out.put("tx", Base64.getEncoder().encodeToString(raw));
    out.set("decoded", decoded(TxCodec.decode(raw).body()));
    if (prove) {
      List<byte[]> txs = new ArrayList<>(block.getData().getTxsCount());
      for (ByteString t : block.getData().getTxsList()) {
        txs.add(t.toByteArray());
      }
      ObjectNode proof = Views.proof(at.index(), txs.size(), Merkle.proof(txs, at.index()));
      ObjectNode withRoot = Views.object();
      withRoot.put("data_hash", Views.hex(block.getHeader().getDataHash()));
      withRoot.setAll(proof);
      out.set("proof", withRoot);
    } else {
      out.putNull("proof");
    }
    return out;
  }

  private static ObjectNode decoded(TxBody body) {
    ObjectNode d = Views.object();
    d.put("chain_id", body.getChainId());
    d.put("signer", Address.toBech32(Address.fromPublicKey(body.getPublicKey().toByteArray())));
    d.put("public_key", Views.hex(body.getPublicKey()));
    d.put("sequence", body.getSequence());
    d.put("memo", body.getMemo());
    ArrayNode messages = d.putArray("messages");
    for (Message m : body.getMessagesList()) {
      ObjectNode msg = messages.addObject();
      if (m.hasCyberlink()) {
        msg.put("type", "cyberlink");
        ArrayNode links = msg.putArray("links");
        for (Link l : m.getCyberlink().getLinksList()) {
          links.addObject().put("from", l.getFrom()).put("to", l.getTo());
        }
      } else {
        msg.put("type", "send");
        msg.put("to", Address.toBech32(m.getSend().getTo().toByteArray()));
        msg.put("amount", Long.toUnsignedString(m.getSend().getAmount()));
      }
    }
    return d;
  }

  private ByteKey admit(byte[] raw) {
    try {
      return node.mempool().add(raw);
    } catch (TxRefusedException e) {
      throw TxRefusals.toRpcException(e.refusal());
    }
  }

  ObjectNode broadcastSync(RpcRequest request) {
    ByteKey hash = admit(Params.tx(request));
    ObjectNode out = Views.object();
    out.put("hash", hash.hex());
    out.put("code", 0);
    out.put("log", "");
    return out;
  }

  /** Registers for the commit before the mempool sees the tx, so the commit cannot be missed. */
  Object broadcastCommit(RpcRequest request) {
    byte[] raw = Params.tx(request);
    ByteKey hash = ByteKey.of(Hashes.sha256(raw));
    CompletableFuture<CommitWaiters.TxCommitted> committed;
    try {
      committed = node.waiters().register(hash);
    } catch (IllegalStateException e) {
      throw new RpcException(503, "overloaded", "cannot wait for more commits: " + e.getMessage());
    }
    try {
      admit(raw);
    } catch (RuntimeException e) {
      node.waiters().cancel(hash, committed);
      throw e;
    }
    return committed
        .orTimeout(commitTimeoutMs, TimeUnit.MILLISECONDS)
        .handle((done, error) -> {
          if (error == null) {
            ObjectNode out = Views.object();
            out.put("hash", hash.hex());
            out.put("height", done.height());
            out.put("index", done.index());
            return out;
          }
          node.waiters().cancel(hash, committed);
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause instanceof TimeoutException) {
            throw new RpcException(504, "commit_timeout",
                "tx " + hash.hex() + " was not committed within " + commitTimeoutMs
                    + " ms; it stays in the mempool and may still be committed (look it up with"
                    + " /tx)");
          }
          throw new RpcException(503, "not_ready", "tx " + hash.hex() + ": " + cause.getMessage());
        });
  }

  ObjectNode unconfirmed() {
    int txs;
    long bytes;
    synchronized (node.mempool()) {
      txs = node.mempool().size();
      bytes = node.mempool().bytes();
    }
    ObjectNode out = Views.object();
    out.put("n_txs", txs);
    out.put("total", txs);
    out.put("total_bytes", bytes);
    return out;
  }

  /** The committed account (an unseen address is an empty account) and its height. */
  private record Read(long height, Account account) {}

  private Read read(byte[] address) {
    AppState state = node.state();
    while (true) {
      long height = state.height();
      Account a = state.account(ByteKey.of(address));
      if (state.height() == height) { // no block committed in between
        return new Read(height, a != null ? a : new Account(ByteKey.of(address), 0, 0, 0, 0));
      }
    }
  }

  /** The signer's pending txs in the mempool. */
  private List<PreparedTx> pendingOf(byte[] address) {
    ByteKey signer = ByteKey.of(address);
    List<PreparedTx> out = new ArrayList<>();
    for (PreparedTx tx : node.mempool().pendingTxs()) {
      if (tx.signer().equals(signer)) {
        out.add(tx);
      }
    }
    return out;
  }

  ObjectNode account(RpcRequest request) {
    byte[] address = Params.address(request, "address");
    Read r = read(address);
    int pending = pendingOf(address).size();
    ObjectNode out = Views.object();
    out.put("address", Address.toBech32(address));
    out.put("height", r.height());
    out.put("balance", Long.toString(r.account().balance()));
    out.put("sequence", r.account().sequence());
    out.put("next_sequence", r.account().sequence() + pending);
    byte[] key = node.signerKeys().of(address).orElse(null);
    if (key == null) {
      out.putNull("public_key");
    } else {
      out.put("public_key", Views.hex(key));
    }
    return out;
  }

  /** Bandwidth at the height a new tx would execute at (the next block), before the mempool. */
  ObjectNode bandwidth(RpcRequest request) {
    byte[] address = Params.address(request, "neuron");
    Read r = read(address);
    long next = r.height() + 1;
    var rule = node.state().bandwidth();
    long pending = 0;
    for (PreparedTx tx : pendingOf(address)) {
      pending += tx.cost();
    }
    ObjectNode out = Views.object();
    out.put("neuron", Address.toBech32(address));
    out.put("height", next);
    out.put("stake", Long.toString(r.account().balance()));
    out.put("capacity", rule.capacity(r.account().balance()));
    out.put("available", rule.available(r.account(), next));
    out.put("pending", pending);
    out.put("last_height", r.account().bandwidthHeight());
    out.put("window_blocks", rule.windowBlocks());
    out.put("budget_links", rule.budgetLinks());
    return out;
  }
}
