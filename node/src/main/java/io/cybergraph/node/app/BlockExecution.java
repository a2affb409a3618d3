package io.cybergraph.node.app;

import io.cybergraph.node.app.state.Account;
import io.cybergraph.node.app.state.ExecutedLink;
import io.cybergraph.node.app.state.ParticleRef;
import io.cybergraph.store.CommittedBlock;
import io.cybergraph.store.NewLink;
import io.cybergraph.store.Particle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of executing one block on the committed state, before it is committed: the new
 * app hash with its three parts, and every change the block makes, in a deterministic order.
 * {@link io.cybergraph.node.app.state.AppState#commit} makes it the committed state. Arrays are
 * not copied: do not modify them.
 *
 * @param height the block's height
 * @param parentAppHash the app hash of the state it executed on (after height − 1)
 * @param txHashes the block's tx hashes in block order
 * @param links the links added, in execution order (feed the rank engine's {@code addLink} with
 *     {@code neuronText, from.text, to.text} in this order)
 * @param newParticles particles first linked in this block, in first-seen order, with indices
 *     continuing the committed count
 * @param accountChanges the new state of every account the block changed, by address
 * @param stakeChanges accounts whose balance changed, by address (feed {@code setStake})
 * @param linksFrontier the links-log frontier after the block ({@code MerkleFrontier} bytes)
 * @param linksRoot links_root after the block
 * @param accountsRoot accounts_root after the block
 * @param resultsHash RFC 6962 root over the tx hashes
 * @param appHash SHA-256(links_root ‖ accounts_root ‖ results_hash)
 */
public record BlockExecution(
    long height,
    byte[] parentAppHash,
    List<ByteKey> txHashes,
    List<ExecutedLink> links,
    List<ParticleRef> newParticles,
    SortedMap<ByteKey, Account> accountChanges,
    List<StakeChange> stakeChanges,
    byte[] linksFrontier,
    byte[] linksRoot,
    byte[] accountsRoot,
    byte[] resultsHash,
    byte[] appHash) {

  public BlockExecution {
    txHashes = List.copyOf(txHashes);
    links = Collections.unmodifiableList(new ArrayList<>(links));
    newParticles = List.copyOf(newParticles);
    accountChanges = Collections.unmodifiableSortedMap(new TreeMap<>(accountChanges));
    stakeChanges = List.copyOf(stakeChanges);
  }

  /**
   * What the store writes for this block, as a builder with everything the application decides
   * (tx hashes, new particles, links with particle indices and tx index, changed accounts in
   * their stored form, links frontier, app hash); the caller adds the focus vectors to keep
   * and to prune, then builds it and passes it to {@link
   * io.cybergraph.node.app.state.AppState#commit(BlockExecution, CommittedBlock)}.
   *
   * @param blockHash the block's hash
   * @param block the encoded Block
   * @param commit the encoded Commit that finalised it
   */
  public CommittedBlock.Builder storeRecord(byte[] blockHash, byte[] block, byte[] commit) {
    CommittedBlock.Builder b = CommittedBlock.builder(height).block(blockHash, block, commit);
    for (ByteKey hash : txHashes) {
      b.tx(hash.bytes());
    }
    for (ParticleRef p : newParticles) {
      b.particle(new Particle(p.index(), p.key().bytes(), p.text()));
    }
    for (ExecutedLink l : links) {
      b.link(new NewLink(l.neuron().bytes(), l.from().index(), l.to().index(), l.txIndex()));
    }
    for (Account a : accountChanges.values()) {
      b.account(a.address().bytes(), a.encode());
    }
    return b.state(linksFrontier, appHash);
  }

  /** The changed accounts in address order. */
  public List<Account> changedAccounts() {
    return List.copyOf(accountChanges.values());
  }
}
