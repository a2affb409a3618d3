package io.cybergraph.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.net.Await;
import io.cybergraph.node.net.FreePort;
import io.cybergraph.node.net.TcpRelay;
import io.cybergraph.node.service.NodeService;
import io.cybergraph.node.service.SmallNode;
import io.cybergraph.proto.crypto.KeyPair;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load run whose node stops answering midway (a relay in front of a real node's RPC, closed
 * during the run) goes on through the other node, against a real node in this JVM.
 */
class LoadFailoverTest {
  @TempDir static Path dir;
  static SmallNode small;
  static NodeService node;
  static int rpcPort;
  static KeyPair funder;

  @BeforeAll
  static void startNode() throws Exception {
    small = SmallNode.start(dir.resolve("node0"), "failover-1", 100);
    node = small.service();
    rpcPort = small.rpcPort();
    funder = small.home().keyring().get("validator").keys();
  }

  @AfterAll
  static void stopNode() {
    small.close();
  }

  private static URI direct() {
    return URI.create("http://127.0.0.1:" + rpcPort);
  }

  @Test
  void aNodeThatStopsAnsweringMidRunIsSkippedAndEveryTxIsCommitted() throws Exception {
    long linksBefore = node.node().store().linkCount();
    StringWriter progress = new StringWriter();
    try (TcpRelay relay = new TcpRelay(new InetSocketAddress("127.0.0.1", rpcPort))) {
      URI relayed = URI.create("http://127.0.0.1:" + relay.port());
      // the relayed node is followed and funds half of the accounts; 60 txs due at 10/s
      LoadBench bench = new LoadBench(new LoadBench.Settings(
          List.of(new LoadBench.Source(relayed, funder), new LoadBench.Source(direct(), funder)),
          4, 60, 5, 8, 10, 0, Duration.ofSeconds(120)), new PrintWriter(progress, true));
      CompletableFuture<LoadReport> run = CompletableFuture.supplyAsync(() -> {
        try {
          return bench.run();
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      Await.until("10 txs of the run committed",
          () -> node.node().store().linkCount() >= linksBefore + 50 || run.isDone(),
          progress::toString);
      assertFalse(run.isDone(), "the run ended before the relay closed: " + progress);
      relay.close();

      LoadReport report = run.get(60, TimeUnit.SECONDS);
      String said = progress.toString();
      assertTrue(said.contains("node " + relayed + " stopped answering"), said);
      assertEquals(60, report.txsCommitted(), said);
      assertEquals(300, report.linksCommitted(), said);
      assertEquals(0, report.errors(), said);
      assertEquals(linksBefore + 300, node.node().store().linkCount());
    }
  }

  @Test
  void aNodeDownAtTheStartIsSkippedAndItsShareIsFundedAndLoadedThroughAnother()
      throws Exception {
    // the run used to stop at its first call to the node that was down
    long linksBefore = node.node().store().linkCount();
    URI dead = URI.create("http://127.0.0.1:" + FreePort.any());
    StringWriter progress = new StringWriter();
    LoadBench bench = new LoadBench(new LoadBench.Settings(
        List.of(new LoadBench.Source(dead, funder), new LoadBench.Source(direct(), funder)),
        4, 20, 5, 4, 10, 0, Duration.ofSeconds(120)), new PrintWriter(progress, true));
    LoadReport report = bench.run();
    String said = progress.toString();
    assertTrue(said.contains("node " + dead + " stopped answering"), said);
    assertEquals(2, said.split("funded 2 accounts .* on " + direct(), -1).length - 1, said);
    assertEquals(20, report.txsCommitted(), said);
    assertEquals(0, report.errors(), said);
    assertEquals(linksBefore + 100, node.node().store().linkCount());
  }

  @Test
  void targetsSkipANodeThatDoesNotAnswerAndTryItAgainLater() throws Exception {
    URI dead = URI.create("http://127.0.0.1:" + FreePort.any());
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    StringWriter progress = new StringWriter();
    LoadTargets targets =
        new LoadTargets(List.of(dead, direct()), new PrintWriter(progress, true), clock::get);

    LoadTargets.Answered<com.fasterxml.jackson.databind.JsonNode> status =
        targets.call(0, c -> c.getOk("/status"));
    assertEquals(1, status.node(), "answered by the node that runs");
    assertTrue(progress.toString().contains("node " + dead + " stopped answering"), progress.toString());
    assertEquals(1, targets.timesDown(0));
    assertEquals(0, targets.timesDown(1));

    // a tx sent to node 0 before it went down counts as lost only LOST_AFTER later
    assertFalse(targets.stoppedSince(0, 0, LoadBench.LOST_AFTER_NANOS));
    clock.addAndGet(LoadBench.LOST_AFTER_NANOS);
    assertTrue(targets.stoppedSince(0, 0, LoadBench.LOST_AFTER_NANOS));
    assertFalse(targets.stoppedSince(0, 1, LoadBench.LOST_AFTER_NANOS), "sent after it went down");

    // tried again after RETRY_NANOS: still down, which is not a new stop nor said again
    assertEquals(1, targets.call(0, c -> c.getOk("/status")).node());
    assertEquals(1, targets.timesDown(0));
    assertEquals(1, progress.toString().split("stopped answering", -1).length - 1);

    // a node that answers with an error is up: the error is the caller's, nothing is skipped
    assertThrows(LoadClient.Refused.class, () -> targets.call(1, c -> c.getOk("/block?height=999999")));
    assertEquals(0, targets.timesDown(1));

    // no node answers: said in the error
    LoadTargets none = new LoadTargets(List.of(dead), new PrintWriter(new StringWriter()), clock::get);
    IOException e = assertThrows(IOException.class, () -> none.call(0, c -> c.getOk("/status")));
    assertTrue(e.getMessage().startsWith("no node answers"), e.getMessage());
  }
}
