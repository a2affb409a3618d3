package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A copy-on-write overlay of the committed state at one height: txs execute into it (a block
 * being checked or proposed, or the mempool's pending txs) while the committed state stays as
 * it is. Holds only what changed: accounts by address, new particles, new links.
 *
 * <p>Not thread-safe: one block execution (or the mempool, under its lock) owns it.
 */
public final class ScratchState {
  private record LinkKey(ByteKey neuron, ByteKey from, ByteKey to) {}

  private final AccountBook committedAccounts;
  private final ChainGraph committedGraph;
  private final long height;
  private final int firstNewParticle;

  private final TreeMap<ByteKey, Account> accounts = new TreeMap<>();
  private final Map<ByteKey, ParticleRef> particles = new HashMap<>();
  /** Keys the committed graph did not hold when asked: a tx asks up to three times per end. */
  private final Set<ByteKey> notCommitted = new HashSet<>();
  private final Set<ByteKey> newParticleKeys = new HashSet<>();
  private final List<ParticleRef> newParticles = new ArrayList<>();
  private final Set<LinkKey> newLinkKeys = new HashSet<>();
  private final List<ExecutedLink> links = new ArrayList<>();

  /**
   * @param height the height txs execute at (the committed height + 1)
   */
  public ScratchState(AccountBook accounts, ChainGraph graph, long height) {
    this.committedAccounts = accounts;
    this.committedGraph = graph;
    this.height = height;
    this.firstNewParticle = graph.particleCount();
  }

  public long height() {
    return height;
  }

  /** The account as of this overlay, or null when it does not exist. */
  public Account account(ByteKey address) {
    Account changed = accounts.get(address);
    return changed != null ? changed : committedAccounts.get(address);
  }

  /** The committed account, ignoring this overlay, or null. */
  public Account committedAccount(ByteKey address) {
    return committedAccounts.get(address);
  }

  public void putAccount(Account account) {
    accounts.put(account.address(), account);
  }

  /** The particle with this key (committed or new here), or null when nobody linked it yet. */
  public ParticleRef particle(ByteKey key) {
    ParticleRef p = particles.get(key);
    if (p == null && !notCommitted.contains(key)) {
      p = committedGraph.particle(key);
      if (p != null) {
        particles.put(key, p);
      } else {
        notCommitted.add(key);
      }
    }
    return p;
  }

  /** Makes a particle first seen here with its text; its index follows the committed ones. */
  public ParticleRef newParticle(ByteKey key, String text) {
    if (particle(key) != null) {
      throw new IllegalStateException("particle " + text + " already exists");
    }
    ParticleRef p = new ParticleRef(firstNewParticle + newParticles.size(), key, text);
    particles.put(key, p);
    newParticleKeys.add(key);
    newParticles.add(p);
    return p;
  }

  /** True when {@code neuron} made the link from → to, committed or here. */
  public boolean hasLink(ByteKey neuron, ParticleRef from, ParticleRef to) {
    if (newLinkKeys.contains(new LinkKey(neuron, from.key(), to.key()))) {
      return true;
    }
    boolean committedEnds =
        !newParticleKeys.contains(from.key()) && !newParticleKeys.contains(to.key());
    return committedEnds && committedGraph.hasLink(neuron, from.index(), to.index());
  }

  /** Appends a link (the caller checked it is not a duplicate). */
  public void addLink(ExecutedLink link) {
    newLinkKeys.add(new LinkKey(link.neuron(), link.from().key(), link.to().key()));
    links.add(link);
  }

  /** Accounts changed here, by address. */
  public SortedMap<ByteKey, Account> changedAccounts() {
    return Collections.unmodifiableSortedMap(accounts);
  }

  /** Particles first linked here, in first-seen order. */
  public List<ParticleRef> newParticles() {
    return Collections.unmodifiableList(newParticles);
  }

  /** Links added here, in execution order. */
  public List<ExecutedLink> links() {
    return Collections.unmodifiableList(links);
  }
}
