package io.cybergraph.node.app;

import io.cybergraph.node.app.state.Account;
import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.state.MemoryGraph;
import io.cybergraph.node.app.tx.SignatureCache;
import io.cybergraph.node.app.tx.TxPreparer;
import io.cybergraph.proto.cid.Base58;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.proto.pb.Message;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chain in memory for tests: deterministic keys (seed i = 32 bytes of i + 1), genesis
 * balances, rules, the committed state and an executor, plus helpers to build signed txs.
 */
public final class TestChain {
  public static final String CHAIN_ID = "test-chain";
  public static final int MAX_MEMO_BYTES = 256;

  public final KeyPair[] keys;
  public final ChainRules rules;
  public final AppState state;
  public final TxPreparer preparer;
  public final BlockExecutor executor;

  /** Rules: T, W, maxTxLinks 1000, maxBlockLinks 20000, maxBlockBytes 4 MiB. */
  public TestChain(long budgetLinks, long windowBlocks, long... balances) {
    this(new long[] {1000, 20_000, 4 << 20}, budgetLinks, windowBlocks, balances);
  }

  /** A chain with the block limits given. */
  public static TestChain withLimits(
      int maxTxLinks,
      int maxBlockLinks,
      long maxBlockBytes,
      long budgetLinks,
      long windowBlocks,
      long... balances) {
    return new TestChain(
        new long[] {maxTxLinks, maxBlockLinks, maxBlockBytes}, budgetLinks, windowBlocks, balances);
  }

  private TestChain(long[] limits, long budgetLinks, long windowBlocks, long... balances) {
    int maxTxLinks = (int) limits[0];
    int maxBlockLinks = (int) limits[1];
    long maxBlockBytes = limits[2];
    keys = new KeyPair[Math.max(8, balances.length + 2)]; // spare keys without accounts
    List<Account> accounts = new ArrayList<>();
    long supply = 0;
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(i);
      if (i < balances.length) {
        accounts.add(new Account(ByteKey.of(keys[i].address()), balances[i], 0, 0, 0));
        supply += balances[i];
      }
    }
    rules =
        new ChainRules(
            CHAIN_ID, budgetLinks, windowBlocks, supply, maxTxLinks, maxBlockLinks, maxBlockBytes,
            MAX_MEMO_BYTES);
    state = AppState.genesis(rules, accounts, new MemoryGraph());
    preparer = new TxPreparer(rules, new SignatureCache(10_000));
    executor = new BlockExecutor(state, preparer);
  }

  public static KeyPair key(int i) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) (i + 1));
    return KeyPair.fromSeed(seed);
  }

  public ByteKey address(int i) {
    return ByteKey.of(keys[i].address());
  }

  public Account account(int i) {
    return state.account(address(i));
  }

  /** A signed tx of key {@code signer} with {@code messages}. */
  public byte[] tx(int signer, long sequence, Message... messages) {
    return TxBuilder.build(CHAIN_ID, keys[signer], sequence, List.of(messages), "");
  }

  /** A signed tx of key {@code signer} linking cid(a) -> cid(b) for each pair (a, b). */
  public byte[] links(int signer, long sequence, int... pairs) {
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      links.add(TxBuilder.link(cid(pairs[i]), cid(pairs[i + 1])));
    }
    return tx(signer, sequence, TxBuilder.cyberlink(links));
  }

  public Message send(int to, long amount) {
    return TxBuilder.send(keys[to].address(), amount);
  }

  /** Executes {@code txs} as the next block and commits it. */
  public BlockExecution commit(byte[]... txs) {
    BlockExecution e = executor.execute(state.height() + 1, List.of(txs));
    state.commit(e);
    return e;
  }

  /** The refusal {@link TxPreparer#prepare} gives, or an assertion error when it passes. */
  public io.cybergraph.node.app.tx.Refusal preparerRefusal(byte[] raw) {
    try {
      preparer.prepare(raw);
    } catch (io.cybergraph.node.app.tx.TxRefusedException e) {
      return e.refusal();
    }
    throw new AssertionError("tx was not refused");
  }

  /** A CIDv0 ({@code Qm...}) for particle number n. */
  public static String cid(int n) {
    byte[] digest = Hashes.sha256(ByteBuffer.allocate(4).putInt(n).array());
    byte[] multihash = new byte[34];
    multihash[0] = 0x12;
    multihash[1] = 0x20;
    System.arraycopy(digest, 0, multihash, 2, 32);
    return Base58.encode(multihash);
  }

  /** The CIDv1 (base32 {@code b...}) naming the same particle as {@link #cid(int)}. */
  public static String cidV1(int n) {
    return Cid.parse(cid(n)).toV1String();
  }
}
