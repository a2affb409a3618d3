package io.cybergraph.node.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on 127.0.0.1 in front of a real listener, which a test closes to make the node
 * behind it "stop answering" for one client (connections reset, new ones refused) while the
 * node itself runs on.
 */
public final class TcpRelay implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new ArrayList<>();
  private boolean closed;

  public TcpRelay(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (true) {
      Socket client;
      Socket upstream;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        upstream = new Socket(target.getAddress(), target.getPort());
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      synchronized (this) {
        if (closed) {
          closeQuietly(client);
          closeQuietly(upstream);
          return;
        }
        sockets.add(client);
        sockets.add(upstream);
      }
      pump(client, upstream);
      pump(upstream, client);
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // one side closed: close both
      }
      closeQuietly(from);
      closeQuietly(to);
    }, "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Stops relaying: the listener and every relayed connection are closed. */
  @Override
  public synchronized void close() {
    closed = true;
    closeQuietly(server);
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
