package io.cybergraph.node.service;

import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.metrics.MetricsServer;
import io.cybergraph.node.metrics.NodeMetrics;
import io.cybergraph.node.rankpipe.RankHaltException;
import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.node.rpc.GenesisHandler;
import io.cybergraph.node.rpc.HealthHandler;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.node.rpc.RpcServer;
import io.cybergraph.node.rpc.handlers.ChainHandlers;
import io.cybergraph.node.rpc.handlers.GraphHandlers;
import io.cybergraph.node.rpc.handlers.NodeInfo;
import io.cybergraph.node.rpc.handlers.RankHandlers;
import io.cybergraph.node.rpc.handlers.TxHandlers;
import io.cybergraph.proto.crypto.KeyPair;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node with its services: the {@link CyberNode} (store, state, rank thread, block
 * engine), the RPC server with every handler, and the Prometheus exporter. {@link #close}
 * stops RPC first (no reads of a closing store), then the node, then metrics.
 */
public final class NodeService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

  private final CyberNode node;
  private final RpcServer rpc;
  private final MetricsServer metricsServer;
  private final InetSocketAddress rpcAddress;
  private boolean closed;

  private NodeService(CyberNode node, RpcServer rpc, InetSocketAddress rpcAddress,
      MetricsServer metricsServer) {
    this.node = node;
    this.rpc = rpc;
    this.rpcAddress = rpcAddress;
    this.metricsServer = metricsServer;
  }

  /**
   * Opens the node on {@code dataDir}, serves RPC and metrics, then starts the rank thread and
   * the block engine.
   *
   * @param genesisBytes the genesis file's exact bytes (served by {@code /genesis})
   * @param nodeId the p2p node ID shown by {@code /status}
   */
  public static NodeService start(NodeConfig config, ChainGenesis genesis, byte[] genesisBytes,
      KeyPair validatorKey, Path dataDir, String nodeId, String version) {
    CyberNode node = CyberNode.open(config, genesis, validatorKey, dataDir);
    RpcServer rpc = null;
    MetricsServer metricsServer = null;
    try {
      NodeMetrics metrics = new NodeMetrics();
      observe(node, metrics);
      metricsServer = MetricsServer.startIfEnabled(config.metrics, metrics);
      RpcRoutes routes = new RpcRoutes();
      rpc = new RpcServer(RpcServer.Settings.from(config.rpc), routes);
      java.util.concurrent.atomic.AtomicReference<NodeInfo> info =
          new java.util.concurrent.atomic.AtomicReference<>(
              new NodeInfo(nodeId, config.moniker, version, config.p2p.laddr, config.rpc.laddr));
      routes.register(RpcEndpoint.HEALTH, new HealthHandler());
      routes.register(RpcEndpoint.GENESIS, new GenesisHandler(genesisBytes));
      new ChainHandlers(node, info::get).register(routes);
      new TxHandlers(node).register(routes);
      new GraphHandlers(node).register(routes);
      new RankHandlers(node).register(routes);
      InetSocketAddress bound = rpc.start();
      info.set(new NodeInfo(nodeId, config.moniker, version, config.p2p.laddr,
          new HostPort(bound.getHostString(), bound.getPort()).toString()));
      node.start();
      return new NodeService(node, rpc, bound, metricsServer);
    } catch (RuntimeException e) {
      if (rpc != null) {
        rpc.close();
      }
      if (metricsServer != null) {
        metricsServer.close();
      }
      node.close();
      throw e;
    }
  }

  /** Feeds the metrics from commits and rank results. */
  private static void observe(CyberNode node, NodeMetrics metrics) {
    node.addCommitListener(e -> {
      metrics.blockCommitted(e.height(), e.intervalNanos(), e.execution().txHashes().size(),
          e.execution().links().size());
      metrics.mempoolSize(e.mempool().pending());
    });
    node.addRankListener(new RankPipeline.Listener() {
      @Override
      public void computed(RankSnapshot s) {
        metrics.rankComputed(s.height(), s.computeMillis(), s.iterations(), s.delta(),
            s.particles(), s.links());
      }

      @Override
      public void halted(RankHaltException error) {}
    });
  }

  public CyberNode node() {
    return node;
  }

  /** The address RPC listens on (the bound port when config.toml asked for port 0). */
  public InetSocketAddress rpcAddress() {
    return rpcAddress;
  }

  /** The metrics port, or -1 when metrics are disabled. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    rpc.close();
    node.close();
    if (metricsServer != null) {
      metricsServer.close();
    }
    LOG.info("stopped");
  }
}
