package io.cybergraph.node.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.mempool.Mempool;
import io.cybergraph.node.net.Await;
import io.cybergraph.node.net.NetInfoHandler;
import io.cybergraph.node.net.NodeNetwork;
import io.cybergraph.node.net.P2pSettings;
import io.cybergraph.p2p.NodeKey;
import io.cybergraph.p2p.P2pConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network part of a node assembled as a node does it ({@link NodeNetwork} from config.toml
 * settings): a validator that serves its blocks and a full node that dials it as a persistent
 * peer, catches up, follows, and gossips a tx to it.
 */
class FullNodeNetworkTest {
  @TempDir Path dir;

  private static NodeConfig config(String moniker, String peers) {
    NodeConfig c = new NodeConfig();
    c.moniker = moniker;
    c.p2p.laddr = "127.0.0.1:0";
    c.p2p.persistentPeers = peers;
    c.p2p.backoffMinMs = 50;
    c.p2p.backoffMaxMs = 500;
    c.validate();
    return c;
  }

  @Test
  void aFullNodeDialsItsPeerCatchesUpFollowsAndGossipsTxs() throws Exception {
    TestValidators validators = new TestValidators(TestChain.CHAIN_ID, 10);
    try (TestHistory history = new TestHistory(dir.resolve("validator"), validators)) {
      history.grow(30, 2, 4);
      Mempool validatorPool = history.node.mempool();
      try (NodeNetwork validator = new NodeNetwork(config("validator", ""), NodeKey.generate(),
          history.genesis, validatorPool, new StoreBlockSource(history.store), null, e -> {})) {
        validator.start();
        String peer = validator.p2p().nodeId() + "@127.0.0.1:" + validator.p2p().listenPort();

        AtomicReference<ChainHaltException> halted = new AtomicReference<>();
        try (CyberNode node = history.follower(dir.resolve("full"))) {
          BlockApplier applier = node.blockApplier();
          P2pConfig p2p = P2pSettings.from(config("full", peer));
          assertEquals(1, p2p.persistentPeers().size());
          try (NodeNetwork full = new NodeNetwork(p2p, NodeKey.generate(), history.genesis,
              node.mempool(), new StoreBlockSource(node.store()), applier, halted::set)) {
            full.start();
            Await.until("full node caught up", () -> applier.height() == 30
                && !full.syncStatus().catchingUp(), () -> full.syncStatus().toString());

            // a tx sent to the full node reaches the validator's mempool
            byte[] tx = history.linksTx(0, 3);
            ByteKey hash = full.submitTx(tx);
            Await.until("tx at the validator", () -> validatorPool.contains(hash));

            // the validators commit it; the full node follows and its mempool lets it go
            history.commitNext(List.of(tx));
            validator.committed(history.height());
            Await.until("block 31 at the full node", () -> applier.height() == 31);
            assertArrayEquals(history.store.appHash(31).orElseThrow(),
                node.store().appHash(31).orElseThrow());
            Await.until("the full node announcing 31", () -> full.p2p().localHeight() == 31);
            assertFalse(node.mempool().contains(hash));

            NetInfoHandler.Answer info =
                (NetInfoHandler.Answer) new NetInfoHandler(full.p2p()).handle(null);
            assertEquals(1, info.nPeers());
            assertTrue(info.peers().get(0).isOutbound());
            assertEquals(31, info.peers().get(0).height());
            assertFalse(full.syncStatus().catchingUp());
            assertEquals(null, halted.get());
          }
        }
      }
    }
  }
}
