package io.cybergraph.node.net;

import io.cybergraph.node.rpc.RpcHandler;
import io.cybergraph.node.rpc.RpcRequest;
import io.cybergraph.p2p.Direction;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.p2p.PeerInfo;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code GET /net_info}: whether the node listens and where, and every connected peer: ID,
 * direction, address, moniker, the height it reported, since when, its send queue and the bytes
 * each way (strings: they can pass 2^53).
 */
public final class NetInfoHandler implements RpcHandler {

  /** One connected peer. */
  public record Peer(
      String nodeId,
      String remoteAddr,
      boolean isOutbound,
      String moniker,
      String listenAddr,
      long height,
      String connectedSince,
      int sendQueueSize,
      String bytesSent,
      String bytesReceived) {}

  /** The answer. */
  public record Answer(boolean listening, List<String> listeners, int nPeers, List<Peer> peers) {}

  private final P2pNode p2p;

  public NetInfoHandler(P2pNode p2p) {
    this.p2p = p2p;
  }

  @Override
  public Object handle(RpcRequest request) {
    List<String> listeners;
    try {
      listeners = List.of(hostPort(p2p.listenAddress()));
    } catch (IllegalStateException notStarted) {
      listeners = List.of();
    }
    List<Peer> peers = p2p.peers().stream().map(NetInfoHandler::peer).toList();
    return new Answer(!listeners.isEmpty(), listeners, peers.size(), peers);
  }

  private static Peer peer(PeerInfo p) {
    return new Peer(
        p.id().hex(),
        hostPort(p.remoteAddress()),
        p.direction() == Direction.OUTBOUND,
        p.moniker(),
        p.listenAddress(),
        p.reportedHeight(),
        p.connectedSince().toString(),
        p.queuedSends(),
        Long.toString(p.bytesOut()),
        Long.toString(p.bytesIn()));
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
