package io.cybergraph.node.chain;

import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

/** A one-validator chain for node tests: keys, genesis, a fast config, waiting helpers. */
final class TestNode {
  static final String CHAIN_ID = TestChain.CHAIN_ID;
  /** The validator's key; accounts use {@link TestChain#key} 0.. */
  static final KeyPair VALIDATOR = TestChain.key(20);

  private TestNode() {}

  /** Genesis: the validator, and accounts key(i) with {@code balances[i]}. */
  static ChainGenesis genesis(long... balances) {
    Genesis g = new Genesis();
    g.chainId = CHAIN_ID;
    g.genesisTime = "2026-01-01T00:00:00Z";
    Genesis.GenesisValidator v = new Genesis.GenesisValidator();
    v.name = "validator";
    v.publicKey = HexFormat.of().formatHex(VALIDATOR.publicKey());
    v.power = 10;
    g.validators.add(v);
    for (int i = 0; i < balances.length; i++) {
      Genesis.GenesisAccount a = new Genesis.GenesisAccount();
      a.name = "a" + i;
      a.address = Address.toBech32(TestChain.key(i).address());
      a.balance = Long.toString(balances[i]);
      g.accounts.add(a);
    }
    g.bandwidth.budgetLinks = 1_000_000;
    g.bandwidth.windowBlocks = 10;
    return GenesisLoader.parse(GenesisLoader.toJson(g), "genesis.json");
  }

  /**
   * {@code g} with a second validator of power 1 (of 11) that never runs: the test's validator
   * is then a consensus validator (WAL, signer state) that still decides every block alone.
   */
  static ChainGenesis withIdleSecondValidator(Genesis g) {
    Genesis.GenesisValidator other = new Genesis.GenesisValidator();
    other.name = "other";
    other.publicKey = HexFormat.of().formatHex(TestChain.key(21).publicKey());
    other.power = 1;
    g.validators.add(other);
    return GenesisLoader.parse(GenesisLoader.toJson(g), "genesis.json");
  }

  /** Blocks every {@code intervalMs}, one rank thread, small store, no metrics. */
  static NodeConfig config(long intervalMs) {
    NodeConfig c = new NodeConfig();
    c.consensus.timeoutCommitMs = intervalMs;
    c.rank.threads = 1;
    c.store.blockCacheMb = 8;
    c.store.writeBufferMb = 8;
    c.metrics.enabled = false;
    c.validate();
    return c;
  }

  /** Polls {@code condition} until it holds or the deadline passes. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
