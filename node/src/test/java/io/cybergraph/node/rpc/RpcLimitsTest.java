package io.cybergraph.node.rpc;

import static io.cybergraph.node.rpc.RpcTestClient.assertError;
import static io.cybergraph.node.rpc.RpcTestClient.assertErrorBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.LogLines;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.net.Await;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rate and connection limits, and binding failures, each on a server of its own. */
class RpcLimitsTest {

  private static NodeConfig.RpcSection rpc() {
    NodeConfig.RpcSection rpc = new NodeConfig.RpcSection();
    rpc.laddr = "127.0.0.1:0";
    return rpc;
  }

  private static RpcRoutes health() {
    return new RpcRoutes().register(RpcEndpoint.HEALTH, new HealthHandler());
  }

  @Test
  void rateLimitPerClientIsExactUnderAFixedClock() throws Exception {
    NodeConfig.RpcSection rpc = rpc();
    rpc.maxRequestsPerSecond = 3;
    AtomicLong now = new AtomicLong(1_000_000_000L);
    try (RpcServer server =
        new RpcServer(RpcServer.Settings.from(rpc).withNanoClock(now::get), health())) {
      server.start();
      RpcTestClient client = new RpcTestClient(server.port());
      for (int i = 0; i < 3; i++) {
        assertEquals(200, client.get("/health").statusCode());
      }
      HttpResponse<String> limited = client.get("/health");
      assertError(limited, 429, "rate_limited", "rpc.max_requests_per_second");
      assertEquals("1", limited.headers().firstValue("retry-after").orElseThrow());
      // unknown paths count too: the limit is on requests, not on successes
      assertEquals(429, client.get("/nope").statusCode());
      now.addAndGet(1_000_000_000L / 3 + 1); // a third of a second buys one request
      assertEquals(200, client.get("/health").statusCode());
      assertEquals(429, client.get("/health").statusCode());
      now.addAndGet(10_000_000_000L); // a long pause refills to the burst size, not beyond
      for (int i = 0; i < 3; i++) {
        assertEquals(200, client.get("/health").statusCode());
      }
      assertEquals(429, client.get("/health").statusCode());
    }
  }

  @Test
  void connectionsBeyondTheLimitAre503AndClosed() throws Exception {
    NodeConfig.RpcSection rpc = rpc();
    rpc.maxOpenConnections = 2;
    try (RpcServer server = new RpcServer(RpcServer.Settings.from(rpc), health())) {
      server.start();
      RpcTestClient client = new RpcTestClient(server.port());
      try (Socket a = client.socket(); Socket b = client.socket()) {
        for (Socket s : new Socket[] {a, b}) { // answered, so counted by the server
          assertEquals(200, askHealth(s).status());
        }
        try (Socket c = client.socket()) {
          InputStream in = c.getInputStream();
          RpcTestClient.RawResponse refused = RpcTestClient.read(in);
          assertEquals(503, refused.status());
          assertErrorBody(refused.body(), "too_many_connections", "rpc.max_open_connections");
          assertNull(RpcTestClient.read(in));
        }
      }
      // both closed: the slots come back (closing is asynchronous on the server, so poll)
      long deadline = System.nanoTime() + 20_000_000_000L;
      int status = 0;
      while (System.nanoTime() < deadline) {
        try (Socket d = client.socket()) {
          RpcTestClient.RawResponse r = askHealth(d);
          status = r == null ? 0 : r.status();
        }
        if (status == 200) {
          break;
        }
        Thread.onSpinWait();
      }
      assertEquals(200, status);
    }
  }

  @Test
  void aFloodOfRefusedConnectionsIsOneLogLineThenOneSummary() throws Exception {
    NodeConfig.RpcSection rpc = rpc();
    rpc.maxOpenConnections = 1;
    try (LogLines lines = LogLines.of(ConnectionLimiter.class);
        RpcServer server = new RpcServer(RpcServer.Settings.from(rpc), health())) {
      server.start();
      RpcTestClient client = new RpcTestClient(server.port());
      try (Socket a = client.socket()) {
        assertEquals(200, askHealth(a).status());
        for (int i = 0; i < 50; i++) {
          try (Socket refused = client.socket()) {
            assertEquals(503, RpcTestClient.read(refused.getInputStream()).status());
          }
        }
        // 50 refusals: one line at once (each is logged before its 503 is written) ...
        List<String> said = lines.said();
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("RPC connection from /127.0.0.1:"), said.get(0));
        // ... and one summary of the other 49 when the window ends
        Await.until("the summary", java.time.Duration.ofSeconds(30),
            () -> lines.said().size() == 2, () -> lines.said().toString());
        assertEquals("refused 49 RPC connections from 1 address in the last 10 s",
            lines.said().get(1));
      }
    }
  }

  @Test
  void aRefusedClientStillSendingItsRequestReadsThe503() throws Exception {
    NodeConfig.RpcSection rpc = rpc();
    rpc.maxOpenConnections = 1;
    try (RpcServer server = new RpcServer(RpcServer.Settings.from(rpc), health())) {
      server.start();
      RpcTestClient client = new RpcTestClient(server.port());
      try (Socket a = client.socket()) {
        assertEquals(200, askHealth(a).status());
        try (Socket c = client.socket()) {
          // a large body sent before reading anything: more than the sockets' buffers hold, so
          // it only goes through if the server reads it (and throws it away) after refusing
          RpcTestClient.send(c, "POST /tx HTTP/1.1\r\nHost: x\r\nContent-Length: 16777216\r\n\r\n");
          byte[] piece = new byte[1 << 16];
          for (int i = 0; i < 256; i++) {
            c.getOutputStream().write(piece);
          }
          c.shutdownOutput();
          InputStream in = c.getInputStream();
          RpcTestClient.RawResponse refused = RpcTestClient.read(in);
          assertEquals(503, refused.status());
          assertErrorBody(refused.body(), "too_many_connections", "rpc.max_open_connections");
          assertNull(RpcTestClient.read(in));
        }
      }
    }
  }

  @Test
  void connectionsFromOneAddressBeyondItsLimitAre503WhileOthersStillGetIn() throws Exception {
    NodeConfig.RpcSection lowered = rpc();
    lowered.maxOpenConnections = 32; // below the per-address default (64): only the total binds
    assertEquals(64, RpcServer.Settings.from(lowered).maxConnectionsPerIp());
    NodeConfig.RpcSection rpc = rpc();
    rpc.maxOpenConnections = 4;
    rpc.maxConnectionsPerIp = 2;
    try (RpcServer server = new RpcServer(RpcServer.Settings.from(rpc), health())) {
      server.start();
      RpcTestClient client = new RpcTestClient(server.port());
      try (Socket a = client.socket(); Socket b = client.socket()) {
        for (Socket s : new Socket[] {a, b}) {
          assertEquals(200, askHealth(s).status());
        }
        try (Socket c = client.socket()) {
          InputStream in = c.getInputStream();
          RpcTestClient.RawResponse refused = RpcTestClient.read(in);
          assertEquals(503, refused.status());
          assertErrorBody(refused.body(), "too_many_connections_from_address",
              "rpc.max_connections_per_ip");
          assertNull(RpcTestClient.read(in));
        }
        // refused ones still open (lingering) take none of the node's slots
        try (Socket c1 = client.socket(); Socket c2 = client.socket();
            Socket c3 = client.socket()) {
          for (Socket c : new Socket[] {c1, c2, c3}) {
            assertEquals(503, RpcTestClient.read(c.getInputStream()).status());
          }
          // another address still gets in: the total (4) is not reached
          try (Socket other = new Socket()) {
            other.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
            other.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5_000);
            other.setSoTimeout(20_000);
            assertEquals(200, askHealth(other).status());
          }
        }
      }
      // the address's connections closed: it gets in again
      Await.until("a slot for 127.0.0.1 again", () -> healthStatus(client) == 200);
    }
  }

  /** Sends {@code GET /health} on the socket and reads the answer. */
  private static RpcTestClient.RawResponse askHealth(Socket s) throws java.io.IOException {
    RpcTestClient.send(s, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    return RpcTestClient.read(s.getInputStream());
  }

  private static int healthStatus(RpcTestClient client) {
    try (Socket s = client.socket()) {
      RpcTestClient.RawResponse r = askHealth(s);
      return r == null ? 0 : r.status();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  @Test
  void aRequestTricklingInPastTheDeadlineIs408AndClosed() throws Exception {
    NodeConfig.RpcSection rpc = rpc();
    rpc.requestTimeoutMs = 300;
    try (RpcServer server = new RpcServer(RpcServer.Settings.from(rpc), health())) {
      server.start();
      RpcTestClient client = new RpcTestClient(server.port());
      try (Socket slow = client.socket()) {
        // a header line every 50 ms: each byte resets the idle timeout, never the deadline
        RpcTestClient.send(slow, "GET /health HTTP/1.1\r\n");
        long start = System.nanoTime();
        InputStream in = slow.getInputStream();
        try {
          for (int i = 0; i < 200 && in.available() == 0; i++) {
            RpcTestClient.send(slow, "X-Slow-" + i + ": 1\r\n");
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // the client's pace
          }
        } catch (java.net.SocketException closedUnderUs) {
          // the server closed after its answer; the answer is still to be read
        }
        RpcTestClient.RawResponse timedOut = RpcTestClient.read(in);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(408, timedOut.status());
        assertErrorBody(timedOut.body(), "request_timeout", "rpc.request_timeout_ms");
        assertEquals("close", timedOut.headers().get("connection"));
        assertTrue(tookMillis < 5_000, "408 after " + tookMillis + " ms");
        assertNull(RpcTestClient.read(in));
      }
      // a request that arrives in time on a kept-alive connection, twice: each is on its own clock
      try (Socket s = client.socket()) {
        for (int i = 0; i < 2; i++) {
          RpcTestClient.send(s, "GET /health HTTP/1.1\r\n");
          RpcTestClient.send(s, "Host: x\r\n\r\n");
          assertEquals(200, RpcTestClient.read(s.getInputStream()).status());
          java.util.concurrent.locks.LockSupport.parkNanos(400_000_000L); // idle past 300 ms
        }
        // idle longer than the deadline between requests is no timeout: the clock starts
        // with a request's first byte
        assertEquals(200, askHealth(s).status());
      }
    }
  }

  @Test
  void aBodyThrownAwayAfterA413EndsItsRequestsClock() throws Exception {
    NodeConfig.RpcSection rpc = rpc();
    rpc.requestTimeoutMs = 300;
    rpc.maxBodyBytes = 1024;
    try (RpcServer server = new RpcServer(RpcServer.Settings.from(rpc), health())) {
      server.start();
      try (Socket s = new RpcTestClient(server.port()).socket()) {
        InputStream in = s.getInputStream();
        RpcTestClient.send(s, "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n");
        assertErrorBody(RpcTestClient.read(in).body(), "body_too_large", "1024");
        RpcTestClient.send(s, "A".repeat(4096)); // the announced body, read and thrown away
        // idle longer than the deadline: the clock stopped with the body's last byte (it once
        // ran on, and the idle connection got a 408 and was closed)
        java.util.concurrent.locks.LockSupport.parkNanos(600_000_000L); // the client's pace
        assertEquals(200, askHealth(s).status());
      }
    }
  }

  @Test
  void aTakenPortIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      NodeConfig.RpcSection rpc = rpc();
      rpc.laddr = "127.0.0.1:" + taken.getLocalPort();
      RpcServer server = new RpcServer(RpcServer.Settings.from(rpc), health());
      IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
      assertTrue(e.getMessage().startsWith("cannot listen for RPC on 127.0.0.1:" + taken.getLocalPort()),
          e.getMessage());
      server.close();
    }
  }

  @Test
  void duplicateRoutesAndBadRoutesAreRefused() {
    RpcRoutes routes = health();
    assertThrows(IllegalStateException.class,
        () -> routes.register(RpcEndpoint.HEALTH, new HealthHandler()));
    assertThrows(IllegalArgumentException.class,
        () -> routes.register("/x", java.util.Set.of("PUT"), java.util.List.of(), r -> null));
    assertThrows(IllegalArgumentException.class,
        () -> routes.register("x", java.util.Set.of("GET"), java.util.List.of(), r -> null));
  }

  @Test
  void everyContractEndpointIsDocumented() throws Exception {
    java.nio.file.Path doc = java.nio.file.Path.of("..", "docs", "rpc.md");
    String text = java.nio.file.Files.readString(doc);
    for (RpcEndpoint endpoint : RpcEndpoint.values()) {
      assertTrue(text.contains("### `" + endpoint.path()), "docs/rpc.md lacks " + endpoint.path());
      for (String param : endpoint.params()) {
        assertTrue(text.contains("`" + param + "`"), "docs/rpc.md lacks parameter " + param);
      }
    }
  }
}
