package io.cybergraph.node.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.state.ParticleRef;
import io.cybergraph.node.app.tx.RefusalCode;
import io.cybergraph.node.app.tx.SignatureCache;
import io.cybergraph.node.app.tx.TxPreparer;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.store.BlockRefusedException;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.CommittedBlock;
import io.cybergraph.store.StoreOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application state kept in a real RocksDB store: blocks written, reopened, checked. */
class StoredStateTest {
  private static final StoreOptions SMALL = new StoreOptions(16L << 20, 8L << 20);

  @TempDir Path dir;

  /** A genesis for TestChain's keys 0..n-1 with these balances, T = 1000, W = 10. */
  static ChainGenesis genesis(long... balances) {
    StringBuilder accounts = new StringBuilder();
    for (int i = 0; i < balances.length; i++) {
      accounts.append(i == 0 ? "" : ",").append("{\"address\":\"")
          .append(Address.toBech32(TestChain.key(i).address())).append("\",\"balance\":\"")
          .append(balances[i]).append("\"}");
    }
    String json = "{\"chain_id\":\"" + TestChain.CHAIN_ID + "\","
        + "\"genesis_time\":\"2026-01-01T00:00:00Z\","
        + "\"validators\":[{\"public_key\":\""
        + HexFormat.of().formatHex(TestChain.key(0).publicKey()) + "\",\"power\":1}],"
        + "\"accounts\":[" + accounts + "],"
        + "\"bandwidth\":{\"window_blocks\":10,\"budget_links\":1000}}";
    return GenesisLoader.parse(json.getBytes(StandardCharsets.UTF_8), "genesis.json");
  }

  static ChainStore openStore(Path dir) {
    return ChainStore.open(dir, SMALL);
  }

  /** A node's state on a store: state, executor, and the block record it writes. */
  static final class StoredNode implements AutoCloseable {
    final ChainStore store;
    final AppState state;
    final BlockExecutor executor;

    StoredNode(ChainGenesis genesis, Path dir) {
      store = openStore(dir);
      state = AppState.open(genesis, store);
      executor =
          new BlockExecutor(state, new TxPreparer(state.rules(), new SignatureCache(1000)));
    }

    BlockExecution commit(byte[]... txs) {
      long height = state.height() + 1;
      BlockExecution e = executor.execute(height, List.of(txs));
      state.commit(e, record(e));
      return e;
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /** The store record of an execution, with stand-in block and commit bytes. */
  static CommittedBlock record(BlockExecution e) {
    byte[] block = ByteBuffer.allocate(8).putLong(e.height()).array();
    return e.storeRecord(Hashes.sha256(block), block, "commit".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** Blocks mixing new and known particles (both CID forms), links and sends. */
  static List<List<byte[]>> blocks(TestChain c) {
    return List.of(
        List.of(c.links(0, 0, 1, 2, 2, 3), c.tx(1, 0, c.send(4, 50))),
        List.of(),
        List.of(
            c.tx(1, 1, TxBuilder.cyberlink(TestChain.cidV1(1), TestChain.cidV1(9))),
            c.links(0, 1, 3, 1)));
  }

  @Test
  void aStoredStateGivesTheSameAppHashesAsTheMemoryState() {
    TestChain memory = new TestChain(1000, 10, 600, 400);
    try (StoredNode node = new StoredNode(genesis(600, 400), dir)) {
      assertArrayEquals(memory.state.appHash(), node.state.appHash()); // genesis
      for (List<byte[]> block : blocks(memory)) {
        BlockExecution m = memory.commit(block.toArray(new byte[0][]));
        BlockExecution s = node.commit(block.toArray(new byte[0][]));
        assertArrayEquals(m.appHash(), s.appHash());
        assertArrayEquals(m.appHash(), node.store.appHash(s.height()).orElseThrow());
      }
      assertEquals(3, node.store.latestHeight());
      assertEquals(memory.state.graph().linkCount(), node.store.linkCount());
      assertEquals(memory.state.graph().particleCount(), node.store.particleCount());
    }
  }

  @Test
  void aReopenedStoreResumesWithTheSameStateAndChecks() {
    TestChain memory = new TestChain(1000, 10, 600, 400);
    for (List<byte[]> block : blocks(memory)) {
      memory.commit(block.toArray(new byte[0][]));
    }
    try (StoredNode node = new StoredNode(genesis(600, 400), dir)) {
      for (List<byte[]> block : blocks(memory)) {
        node.commit(block.toArray(new byte[0][]));
      }
    }
    try (StoredNode node = new StoredNode(genesis(600, 400), dir)) {
      assertEquals(3, node.state.height());
      assertArrayEquals(memory.state.appHash(), node.state.appHash());
      assertEquals(memory.state.accounts().all(), node.state.accounts().all());
      // duplicates are found in the store, in either CID form
      InvalidBlockException dup =
          assertThrows(InvalidBlockException.class, () -> node.executor.execute(4,
              List.of(memory.tx(0, 2, TxBuilder.cyberlink(TestChain.cidV1(1),
                  TestChain.cid(2))))));
      assertEquals(RefusalCode.DUPLICATE_LINK, dup.refusal().code());
      // known particles keep their index and first text; the next block matches memory
      byte[] next = memory.tx(1, 2, TxBuilder.cyberlink(TestChain.cid(9), TestChain.cid(10)));
      BlockExecution m = memory.commit(next);
      BlockExecution s = node.commit(next);
      assertArrayEquals(m.appHash(), s.appHash());
      ParticleRef from = s.links().get(0).from();
      assertEquals(TestChain.cidV1(9), from.text());
      assertEquals(3, from.index());
      assertEquals(1, s.newParticles().size());
      assertEquals(4, s.newParticles().get(0).index());
      assertEquals(TestChain.cid(10), s.newParticles().get(0).text());
    }
  }

  @Test
  void aMempoolOverAReopenedStoreChecksAgainstWhatIsStored() {
    TestChain c = new TestChain(1000, 10, 600, 400);
    try (StoredNode node = new StoredNode(genesis(600, 400), dir)) {
      node.commit(c.links(0, 0, 1, 2));
    }
    try (StoredNode node = new StoredNode(genesis(600, 400), dir)) {
      io.cybergraph.node.mempool.Mempool pool =
          new io.cybergraph.node.mempool.Mempool(
              new io.cybergraph.node.config.NodeConfig.MempoolSection(), node.state,
              new TxPreparer(node.state.rules(), new SignatureCache(100)));
      assertEquals(RefusalCode.DUPLICATE_LINK,
          assertThrows(io.cybergraph.node.app.tx.TxRefusedException.class,
              () -> pool.add(c.links(0, 1, 1, 2))).code());
      assertEquals(RefusalCode.SEQUENCE_MISMATCH,
          assertThrows(io.cybergraph.node.app.tx.TxRefusedException.class,
              () -> pool.add(c.links(0, 0, 2, 3))).code());
      byte[] next = c.links(0, 1, 2, 3);
      pool.add(next);
      BlockExecution e = node.commit(next);
      pool.update(e.height(), e.txHashes());
      assertEquals(0, pool.size());
    }
  }

  @Test
  void aStoreThatRefusesTheBlockLeavesTheStateUnchanged() {
    try (StoredNode node = new StoredNode(genesis(600, 400), dir)) {
      TestChain c = new TestChain(1000, 10, 600, 400);
      BlockExecution first = node.commit(c.links(0, 0, 1, 2));
      BlockExecution second = node.executor.execute(2, List.of(c.links(1, 0, 1, 2)));
      // the same block hash as block 1: the store refuses the write
      CommittedBlock clash =
          second.storeRecord(record(first).blockHash(), new byte[] {1}, new byte[] {1}).build();
      assertThrows(BlockRefusedException.class, () -> node.state.commit(second, clash));
      assertEquals(1, node.state.height());
      assertArrayEquals(first.appHash(), node.state.appHash());
      assertEquals(1, node.store.latestHeight());
      node.state.commit(second, record(second)); // the same execution with a good record
      assertEquals(2, node.store.linkCount());
      // a record of another execution is refused before anything is written
      BlockExecution third = node.executor.execute(3, List.of(c.links(0, 1, 5, 6)));
      BlockExecution other = node.executor.execute(3, List.of(c.links(1, 1, 5, 6)));
      assertThrows(IllegalArgumentException.class, () -> node.state.commit(third, record(other)));
      assertEquals(2, node.store.latestHeight());
      assertThrows(IllegalStateException.class, () -> node.state.commit(third));
    }
  }

  @Test
  void aStoreOfAnotherGenesisIsRefusedAtOpen() {
    try (StoredNode node = new StoredNode(genesis(600, 400), dir)) {
      node.commit(new TestChain(1000, 10, 600, 400).links(0, 0, 1, 2));
    }
    try (ChainStore store = openStore(dir)) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> AppState.open(genesis(500, 500),
              store));
      assertTrue(e.getMessage().contains("height 1"), e.getMessage());
    }
  }
}
