package io.cybergraph.node.chain;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Link;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where block making spends its time under load, in one JVM (a probe, not a test): N funded
 * accounts each send txs of K links into the mempool of a real node with 1 s blocks.
 * {@code java -cp <test classpath> io.cybergraph.node.chain.NodeLoadProbe accounts txs links}
 */
public final class NodeLoadProbe {
  public static void main(String[] args) throws Exception {
    int accounts = Integer.parseInt(args[0]);
    int txsPerAccount = Integer.parseInt(args[1]);
    int linksPerTx = Integer.parseInt(args[2]);
    Genesis g = new Genesis();
    g.chainId = TestNode.CHAIN_ID;
    g.genesisTime = "2026-01-01T00:00:00Z";
    Genesis.GenesisValidator v = new Genesis.GenesisValidator();
    v.publicKey = HexFormat.of().formatHex(TestNode.VALIDATOR.publicKey());
    v.power = 10;
    g.validators.add(v);
    KeyPair[] keys = new KeyPair[accounts];
    for (int i = 0; i < accounts; i++) {
      keys[i] = TestChain.key(100 + i);
      Genesis.GenesisAccount a = new Genesis.GenesisAccount();
      a.address = Address.toBech32(keys[i].address());
      a.balance = "1000000000";
      g.accounts.add(a);
    }
    ChainGenesis genesis = GenesisLoader.parse(GenesisLoader.toJson(g), "genesis.json");
    NodeConfig config = new NodeConfig();
    config.metrics.enabled = false;
    Path dir = Files.createTempDirectory("probe");
    List<byte[]> txs = new ArrayList<>();
    int particle = 0;
    for (int t = 0; t < txsPerAccount; t++) {
      for (int a = 0; a < accounts; a++) {
        List<Link> links = new ArrayList<>();
        for (int l = 0; l < linksPerTx; l++) {
          links.add(TxBuilder.link(TestChain.cid(particle), TestChain.cid(particle + 1)));
          particle += 2;
        }
        txs.add(TxBuilder.build(g.chainId, keys[a], t, List.of(TxBuilder.cyberlink(links)), ""));
      }
    }
    long total = (long) txs.size() * linksPerTx;
    try (CyberNode node = CyberNode.open(config, genesis, TestNode.VALIDATOR, dir)) {
      node.start();
      long start = System.nanoTime();
      ByteKey last = null;
      for (byte[] tx : txs) {
        while (true) {
          try {
            last = node.mempool().add(tx);
            break;
          } catch (io.cybergraph.node.app.tx.TxRefusedException e) {
            if (e.code() != io.cybergraph.node.app.tx.RefusalCode.MEMPOOL_FULL) {
              throw e;
            }
            Thread.sleep(20);
          }
        }
      }
      long added = System.nanoTime();
      ByteKey wanted = last;
      while (node.store().txs().location(wanted.bytes()).isEmpty()) {
        Thread.sleep(20);
      }
      long done = System.nanoTime();
      System.out.printf("%d links in %d txs: mempool add %.1f s, all committed %.1f s: %.0f links/s%n",
          total, txs.size(), (added - start) / 1e9, (done - start) / 1e9,
          total / ((done - start) / 1e9));
    }
  }
}
