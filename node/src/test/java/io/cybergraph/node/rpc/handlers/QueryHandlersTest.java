package io.cybergraph.node.rpc.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.rankpipe.RankQueries;
import io.cybergraph.node.rpc.RpcException;
import io.cybergraph.rank.RankParams;
import org.junit.jupiter.api.Test;

/** The bound on explain/context queries computing at once. */
class QueryHandlersTest {
  @Test
  void aThirdQueryIsBusyAndASlotComesBack() {
    RankQueries queries = new RankQueries(RankParams.defaults());
    for (int i = 0; i < RankQueries.MAX_RUNNING; i++) {
      assertTrue(queries.tryStart());
    }
    RpcException busy = assertThrows(RpcException.class,
        () -> QueryHandlers.bounded(queries, () -> Views.object()));
    assertEquals(503, busy.status());
    queries.finish();
    assertEquals("yes", QueryHandlers.bounded(queries,
        () -> Views.object().put("ran", "yes")).get("ran").asText());
    // a failing query gives its slot back too
    assertThrows(IllegalStateException.class, () -> QueryHandlers.bounded(queries, () -> {
      throw new IllegalStateException("boom");
    }));
    assertTrue(queries.tryStart());
  }
}
