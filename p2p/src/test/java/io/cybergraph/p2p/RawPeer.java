package io.cybergraph.p2p;

import io.cybergraph.p2p.channel.HandshakeRules;
import io.cybergraph.p2p.transport.NodeCertificate;
import io.cybergraph.p2p.transport.TlsContexts;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.ControlMessage;
import io.cybergraph.proto.pb.DisconnectReason;
import io.cybergraph.proto.pb.Envelope;
import io.cybergraph.proto.pb.Handshake;
import io.netty.handler.ssl.JdkSslContext;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * A hand-driven peer on a blocking TLS socket, with the same TLS setup as a node: it can speak
 * the protocol correctly or break it on purpose. Reads wait at most a deadline.
 */
final class RawPeer implements AutoCloseable {

  private final NodeKey key;
  private final SSLSocket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private DisconnectReason disconnectReason;

  private RawPeer(NodeKey key, SSLSocket socket) throws IOException {
    this.key = key;
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(socket.getOutputStream());
  }

  /** Connects to a node on 127.0.0.1 and completes TLS as {@code key}. */
  static RawPeer connect(int port, NodeKey key) throws IOException {
    return connect(port, key, 0);
  }

  /** As {@link #connect(int, NodeKey)} with a receive buffer of that size (0: the default). */
  static RawPeer connect(int port, NodeKey key, int receiveBufferBytes) throws IOException {
    return connect("127.0.0.1", port, key, receiveBufferBytes);
  }

  /** As {@link #connect(int, NodeKey)} from the local address {@code from} (127.0.0.2, say). */
  static RawPeer connectFrom(String from, int port, NodeKey key) throws IOException {
    return connect(from, port, key, 0);
  }

  private static RawPeer connect(String from, int port, NodeKey key, int receiveBufferBytes)
      throws IOException {
    TlsContexts tls = TlsContexts.create(NodeCertificate.create(key));
    SSLSocket socket =
        (SSLSocket) ((JdkSslContext) tls.client()).context().getSocketFactory().createSocket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes); // before connecting: sets the window
    }
    socket.bind(new java.net.InetSocketAddress(from, 0));
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    socket.setEnabledProtocols(new String[] {"TLSv1.3"});
    socket.setSoTimeout((int) Await.DEFAULT.toMillis());
    socket.startHandshake();
    return new RawPeer(key, socket);
  }

  NodeId id() {
    return key.id();
  }

  /** The node ID the other side's certificate proves. */
  NodeId remoteId() throws IOException {
    return NodeCertificate.peerId(socket.getSession());
  }

  /** Sends a handshake for {@code chain} and reads the node's. */
  Handshake handshake(ChainIdentity chain) throws IOException {
    return handshake(new HandshakeRules(chain).ours(0, "raw", ""));
  }

  Handshake handshake(Handshake ours) throws IOException {
    sendEnvelope(Envelope.newBuilder().setChannel(Channel.CHANNEL_HANDSHAKE)
        .setPayload(ours.toByteString()).build());
    Envelope theirs = read();
    if (theirs.getChannel() != Channel.CHANNEL_HANDSHAKE) {
      throw new IOException("expected the node's handshake, got " + theirs);
    }
    return Handshake.parseFrom(theirs.getPayload());
  }

  void send(Channel channel, byte[] payload) throws IOException {
    sendEnvelope(Envelope.newBuilder().setChannel(channel)
        .setPayload(com.google.protobuf.ByteString.copyFrom(payload)).build());
  }

  void sendEnvelope(Envelope envelope) throws IOException {
    sendFrame(envelope.toByteArray());
  }

  /** A frame with a correct length prefix around any bytes. */
  void sendFrame(byte[] body) throws IOException {
    out.writeInt(body.length);
    out.write(body);
    out.flush();
  }

  /** Bytes as they are, no prefix. */
  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next Envelope from the node (a Disconnect is remembered). */
  Envelope read() throws IOException {
    int length = in.readInt();
    byte[] body = new byte[length];
    in.readFully(body);
    Envelope envelope = Envelope.parseFrom(body);
    if (envelope.getChannel() == Channel.CHANNEL_CONTROL) {
      ControlMessage control = ControlMessage.parseFrom(envelope.getPayload());
      if (control.hasDisconnect()) {
        disconnectReason = control.getDisconnect().getReason();
      }
    }
    return envelope;
  }

  /** The next application message, skipping the node's control messages. */
  Envelope readApplication() throws IOException {
    while (true) {
      Envelope envelope = read();
      if (envelope.getChannel() != Channel.CHANNEL_CONTROL) {
        return envelope;
      }
    }
  }

  /**
   * Reads until the node closes the connection.
   *
   * @return true if it closed within {@code timeout}
   */
  boolean awaitClosed(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) left);
        read();
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (EOFException e) {
      return true;
    } catch (IOException e) {
      return true; // reset, or TLS alert: closed all the same
    }
  }

  /** The reason of the last Disconnect the node sent, or null. */
  DisconnectReason disconnectReason() {
    return disconnectReason;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
