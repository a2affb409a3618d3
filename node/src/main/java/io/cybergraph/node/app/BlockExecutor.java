package io.cybergraph.node.app;

import io.cybergraph.node.app.state.Account;
import io.cybergraph.node.app.state.AppState;
import io.cybergraph.node.app.state.ExecutedLink;
import io.cybergraph.node.app.state.ScratchState;
import io.cybergraph.node.app.tx.PreparedTx;
import io.cybergraph.node.app.tx.PreparedTxSource;
import io.cybergraph.node.app.tx.Refusal;
import io.cybergraph.node.app.tx.RefusalCode;
import io.cybergraph.node.app.tx.TxExecutor;
import io.cybergraph.node.app.tx.TxPreparer;
import io.cybergraph.node.app.tx.TxRefusedException;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.MerkleFrontier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Executes blocks on a scratch overlay of the committed state: {@link #execute} checks a block
 * (every tx must pass, in order, within the block limits), {@link #propose} builds one from
 * candidates (leaving out those that fail or do not fit). Neither changes the committed state;
 * {@link AppState#commit} does, with the returned {@link BlockExecution}.
 *
 * <p>Call from one thread at a time (the block producer / consensus thread).
 */
public final class BlockExecutor {
  private final AppState state;
  private final TxPreparer preparer;
  private final TxExecutor executor;
  private final PreparedTxSource known;

  public BlockExecutor(AppState state, TxPreparer preparer) {
    this(state, preparer, PreparedTxSource.NONE);
  }

  /**
   * @param known txs prepared already (e.g. the mempool): a block carrying them reuses that
   *     work instead of decoding and checking them again
   */
  public BlockExecutor(AppState state, TxPreparer preparer, PreparedTxSource known) {
    this.state = state;
    this.preparer = preparer;
    this.executor = new TxExecutor(state.bandwidth());
    this.known = known;
  }

  /**
   * Executes the block at {@code height} (the committed height + 1) made of {@code txs} (TxRaw
   * bytes in block order).
   *
   * @throws InvalidBlockException naming the first tx that fails, or that takes the block past
   *     block.max_links or block.max_bytes; nothing is changed
   */
  public BlockExecution execute(long height, List<byte[]> txs) {
    requireNext(height);
    ChainRules rules = state.rules();
    // stateless checks (signatures above all) are independent per tx: run them on all cores
    // for the txs within block.max_bytes, then execute in block order, so the first failing
    // tx is the one reported
    int withinBytes = 0;
    for (long total = 0; withinBytes < txs.size(); withinBytes++) {
      total += txs.get(withinBytes).length;
      if (total > rules.maxBlockBytes()) {
        break;
      }
    }
    ByteKey[] hashes = new ByteKey[txs.size()];
    Object[] prepared = prepareAll(txs.subList(0, withinBytes), hashes);
    ScratchState scratch = state.scratch();
    long bytes = 0;
    long links = 0;
    for (int i = 0; i < txs.size(); i++) {
      byte[] raw = txs.get(i);
      ByteKey hash = hashes[i] != null ? hashes[i] : ByteKey.of(Hashes.sha256(raw));
      bytes += raw.length;
      if (bytes > rules.maxBlockBytes()) {
        throw new InvalidBlockException(height, i, hash, bytesRefusal(bytes, rules));
      }
      if (prepared[i] instanceof TxRefusedException e) {
        throw new InvalidBlockException(height, i, hash, e.refusal());
      }
      PreparedTx tx = (PreparedTx) prepared[i];
      links += tx.linkCount();
      if (links > rules.maxBlockLinks()) {
        throw new InvalidBlockException(height, i, hash, linksRefusal(links, rules));
      }
      try {
        executor.execute(scratch, tx, i);
      } catch (TxRefusedException e) {
        throw new InvalidBlockException(height, i, hash, e.refusal());
      }
    }
    return finish(scratch, Arrays.asList(hashes));
  }

  /**
   * Per tx: its {@link PreparedTx} (known already, or prepared now), or the {@link
   * TxRefusedException} that refused it; fills {@code hashes}.
   */
  private Object[] prepareAll(List<byte[]> txs, ByteKey[] hashes) {
    Object[] out = new Object[txs.size()];
    IntStream.range(0, txs.size())
        .parallel()
        .forEach(
            i -> {
              byte[] raw = txs.get(i);
              hashes[i] = ByteKey.of(Hashes.sha256(raw));
              PreparedTx tx = known.find(hashes[i]);
              try {
                out[i] = tx != null ? tx : preparer.prepare(raw);
              } catch (TxRefusedException e) {
                out[i] = e;
              }
            });
    return out;
  }

  /**
   * Builds the block at {@code height} from {@code candidates} in order: a candidate that would
   * take the block past its limits, or that fails against the state so far, is left out (with
   * the reason) and the next one is tried.
   */
  public ProposedBlock propose(long height, List<PreparedTx> candidates) {
    requireNext(height);
    ChainRules rules = state.rules();
    ScratchState scratch = state.scratch();
    List<byte[]> included = new ArrayList<>();
    List<ByteKey> hashes = new ArrayList<>();
    List<ProposedBlock.Skipped> skipped = new ArrayList<>();
    long bytes = 0;
    long links = 0;
    for (PreparedTx tx : candidates) {
      if (bytes + tx.size() > rules.maxBlockBytes()) {
        skipped.add(new ProposedBlock.Skipped(tx.hash(), bytesRefusal(bytes + tx.size(), rules)));
        continue;
      }
      if (links + tx.linkCount() > rules.maxBlockLinks()) {
        skipped.add(
            new ProposedBlock.Skipped(tx.hash(), linksRefusal(links + tx.linkCount(), rules)));
        continue;
      }
      try {
        executor.execute(scratch, tx, included.size());
      } catch (TxRefusedException e) {
        skipped.add(new ProposedBlock.Skipped(tx.hash(), e.refusal()));
        continue;
      }
      included.add(tx.raw());
      hashes.add(tx.hash());
      bytes += tx.size();
      links += tx.linkCount();
    }
    return new ProposedBlock(included, finish(scratch, hashes), skipped);
  }

  private BlockExecution finish(ScratchState scratch, List<ByteKey> txHashes) {
    long height = scratch.height();
    MerkleFrontier frontier = state.linksFrontier();
    for (ExecutedLink l : scratch.links()) {
      frontier.append(
          AppHash.linkLeaf(
              l.neuron().bytes(), l.from().key().bytes(), l.to().key().bytes(), height));
    }
    byte[] linksRoot = frontier.root();
    byte[] accountsRoot = state.accounts().rootWith(scratch.changedAccounts());
    List<byte[]> hashBytes = new ArrayList<>(txHashes.size());
    for (ByteKey h : txHashes) {
      hashBytes.add(h.bytes());
    }
    byte[] resultsHash = AppHash.resultsHash(hashBytes);
    List<StakeChange> stakes = new ArrayList<>();
    for (Map.Entry<ByteKey, Account> e : scratch.changedAccounts().entrySet()) {
      Account before = scratch.committedAccount(e.getKey());
      Account after = e.getValue();
      if (before == null || before.balance() != after.balance()) {
        stakes.add(new StakeChange(after.address(), after.bech32(), after.balance()));
      }
    }
    return new BlockExecution(
        height,
        state.appHash(),
        txHashes,
        scratch.links(),
        scratch.newParticles(),
        scratch.changedAccounts(),
        stakes,
        frontier.toBytes(),
        linksRoot,
        accountsRoot,
        resultsHash,
        AppHash.appHash(linksRoot, accountsRoot, resultsHash));
  }

  private void requireNext(long height) {
    if (height != state.height() + 1) {
      throw new IllegalStateException(
          "cannot execute block " + height + " on committed height " + state.height());
    }
  }

  private static Refusal bytesRefusal(long bytes, ChainRules rules) {
    return Refusal.of(
        RefusalCode.BLOCK_TOO_MANY_BYTES,
        "block txs would take " + bytes + " bytes, block.max_bytes is " + rules.maxBlockBytes(),
        "bytes", bytes, "limit", rules.maxBlockBytes());
  }

  private static Refusal linksRefusal(long links, ChainRules rules) {
    return Refusal.of(
        RefusalCode.BLOCK_TOO_MANY_LINKS,
        "block would carry " + links + " links, block.max_links is " + rules.maxBlockLinks(),
        "links", links, "limit", rules.maxBlockLinks());
  }
}
