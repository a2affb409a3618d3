package io.cybergraph.node.rpc.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.cybergraph.node.chain.ChainHead;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.node.rpc.Params;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcException;
import io.cybergraph.node.rpc.RpcRequest;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * The chain routes: {@code /status}, {@code /block}, {@code /blockchain}, {@code /commit},
 * answered from the store. Committed state only. ({@code /validators} and {@code /evidence}:
 * {@link EvidenceHandlers}; {@code /consensus_state}: {@link ConsensusHandlers}; {@code
 * /net_info}: {@link io.cybergraph.node.net.NetInfoHandler}.)
 */
public final class ChainHandlers {
  private static final int BLOCKCHAIN_PAGE = 20;

  private final CyberNode node;
  private final java.util.function.Supplier<NodeInfo> info;
  private final java.util.function.BooleanSupplier catchingUp;
  private final ValidatorSet validators;

  /**
   * @param info this node's description (read per request: the RPC port is known late)
   * @param catchingUp whether block sync is catching up with the peers
   */
  public ChainHandlers(CyberNode node, java.util.function.Supplier<NodeInfo> info,
      java.util.function.BooleanSupplier catchingUp) {
    this.node = node;
    this.info = info;
    this.catchingUp = catchingUp;
    this.validators = CyberNode.validatorSet(node.genesis());
  }

  public void register(RpcRoutes routes) {
    routes.register(RpcEndpoint.STATUS, this::status);
    routes.register(RpcEndpoint.BLOCK, this::block);
    routes.register(RpcEndpoint.BLOCKCHAIN, this::blockchain);
    routes.register(RpcEndpoint.COMMIT, this::commit);
  }

  ObjectNode status(RpcRequest request) {
    ChainHead head = node.head();
    RankSnapshot rank = node.rank().latest();
    NodeInfo info = this.info.get();
    ObjectNode out = Views.object();
    ObjectNode nodeInfo = out.putObject("node_info");
    nodeInfo.put("id", info.id());
    nodeInfo.put("moniker", info.moniker());
    nodeInfo.put("network", node.genesis().chainId());
    nodeInfo.put("version", info.version());
    nodeInfo.put("listen_addr", info.listenAddr());
    nodeInfo.put("rpc_address", info.rpcAddress());
    ObjectNode sync = out.putObject("sync_info");
    sync.put("latest_block_hash", head.height() == 0 ? "" : Views.hex(head.blockId().getHash()));
    sync.put("latest_app_hash", Views.hex(head.appHash()));
    sync.put("latest_block_height", head.height());
    if (head.header() == null) {
      sync.putNull("latest_block_time");
    } else {
      sync.put("latest_block_time", Views.time(head.header().getTimeNs()));
    }
    sync.put("earliest_block_height", head.height() == 0 ? 0 : 1);
    sync.put("catching_up", catchingUp.getAsBoolean());
    sync.put("rank_height", rank.height());
    sync.put("rank_root", Views.hex(rank.root()));
    ObjectNode validator = out.putObject("validator_info");
    if (node.validatorKey() == null) { // a full node
      validator.put("address", "");
      validator.put("public_key", "");
      validator.put("voting_power", "0");
      return out;
    }
    byte[] address = node.validatorKey().address();
    validator.put("address", Address.toBech32(address));
    validator.put("public_key", Views.hex(node.validatorKey().publicKey()));
    long power = 0;
    for (Validator v : validators.getValidatorsList()) {
      if (Arrays.equals(v.getAddress().toByteArray(), address)) {
        power = v.getPower();
      }
    }
    validator.put("voting_power", Long.toString(power));
    return out;
  }

  private long heightOrLatest(RpcRequest request) {
    OptionalLong asked = Params.optionalHeight(request, "height");
    return asked.isPresent()
        ? ChainReads.committed(node, asked.getAsLong())
        : ChainReads.latest(node);
  }

  ObjectNode block(RpcRequest request) {
    long height = heightOrLatest(request);
    Block block = ChainReads.block(node, height);
    ObjectNode out = Views.object();
    out.set("block_id", Views.blockId(ChainReads.commit(node, height).getBlockId()));
    ObjectNode b = out.putObject("block");
    b.set("header", Views.header(block.getHeader()));
    ArrayNode txs = b.putObject("data").putArray("txs");
    for (ByteString tx : block.getData().getTxsList()) {
      txs.add(Base64.getEncoder().encodeToString(tx.toByteArray()));
    }
    ArrayNode evidence = b.putObject("evidence").putArray("evidence");
    for (io.cybergraph.proto.pb.Evidence e : block.getEvidence().getEvidenceList()) {
      evidence.add(EvidenceHandlers.evidence(e));
    }
    if (block.hasLastCommit()) {
      b.set("last_commit", Views.commit(block.getLastCommit()));
    } else {
      b.putNull("last_commit");
    }
    return out;
  }

  ObjectNode blockchain(RpcRequest request) {
    long latest = node.head().height();
    OptionalLong minParam = Params.optionalHeight(request, "min");
    OptionalLong maxParam = Params.optionalHeight(request, "max");
    long max = Math.min(maxParam.orElse(latest), latest);
    if (minParam.isPresent() && minParam.getAsLong() > latest) {
      throw RpcException.notFound("unknown_height",
          "no block at height " + minParam.getAsLong() + " (latest is " + latest + ")");
    }
    long min = Math.max(1, minParam.orElse(max - BLOCKCHAIN_PAGE + 1));
    if (minParam.isPresent() && min > max) {
      throw RpcException.badParameter("min", "must be <= max (" + max + "), got " + min);
    }
    min = Math.max(min, max - BLOCKCHAIN_PAGE + 1);
    ObjectNode out = Views.object();
    out.put("last_height", latest);
    ArrayNode metas = out.putArray("block_metas");
    for (long h = max; h >= min && h >= 1; h--) {
      Block block = ChainReads.block(node, h);
      ObjectNode meta = metas.addObject();
      meta.set("block_id", Views.blockId(ChainReads.commit(node, h).getBlockId()));
      meta.put("block_size", ChainReads.blockSize(node, h));
      meta.set("header", Views.header(block.getHeader()));
      meta.put("num_txs", block.getData().getTxsCount());
    }
    return out;
  }

  ObjectNode commit(RpcRequest request) {
    long height = heightOrLatest(request);
    long latest = node.head().height();
    Block block = ChainReads.block(node, height);
    boolean canonical = height < latest;
    Commit commit =
        canonical ? ChainReads.block(node, height + 1).getLastCommit() : ChainReads.commit(node, height);
    ObjectNode out = Views.object();
    ObjectNode signed = out.putObject("signed_header");
    signed.set("header", Views.header(block.getHeader()));
    signed.set("commit", Views.commit(commit));
    out.put("canonical", canonical);
    return out;
  }
}
