package io.cybergraph.node.app.state;

import io.cybergraph.node.app.BlockExecution;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.ChainRules;
import io.cybergraph.node.app.StakeChange;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.merkle.MerkleFrontier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The committed application state after the last committed block: accounts, the graph (for
 * particle lookups and duplicate checks), the links-log frontier, the height and app hash.
 *
 * <p>One writer ({@link #commit}, the thread that commits blocks); readers may call from any
 * thread. A reader racing a commit may see some of the block's changes before others (each
 * account, particle and link is seen whole); the mempool rechecks its txs after every commit,
 * which repairs what such a read decided.
 */
public final class AppState {
  private final ChainRules rules;
  private final Bandwidth bandwidth;
  private final AccountBook accounts;
  private final ChainGraph graph;
  private MerkleFrontier frontier;
  private volatile long height;
  private volatile byte[] appHash;

  private AppState(
      ChainRules rules,
      AccountBook accounts,
      ChainGraph graph,
      MerkleFrontier frontier,
      long height,
      byte[] appHash) {
    this.rules = rules;
    this.bandwidth = new Bandwidth(rules.budgetLinks(), rules.windowBlocks(), rules.totalSupply());
    this.accounts = accounts;
    this.graph = graph;
    this.frontier = frontier;
    this.height = height;
    this.appHash = appHash;
  }

  /**
   * The state at height 0 of a genesis: its accounts with their balances, sequence 0 and full
   * bandwidth (available = capacity, settled at height 0), no links. {@code graph} must be empty.
   */
  public static AppState genesis(ChainGenesis genesis, ChainGraph graph) {
    List<Account> balances = new ArrayList<>();
    for (ChainGenesis.Account a : genesis.accounts()) {
      balances.add(new Account(ByteKey.of(a.address()), a.balance(), 0, 0, 0));
    }
    return genesis(ChainRules.of(genesis), balances, graph);
  }

  /** As {@link #genesis(ChainGenesis, ChainGraph)} from rules and accounts (only balances used). */
  public static AppState genesis(ChainRules rules, List<Account> balances, ChainGraph graph) {
    if (graph.particleCount() != 0 || graph.linkCount() != 0) {
      throw new IllegalArgumentException("the genesis graph must be empty");
    }
    Bandwidth bandwidth =
        new Bandwidth(rules.budgetLinks(), rules.windowBlocks(), rules.totalSupply());
    List<Account> full = new ArrayList<>();
    long supply = 0;
    for (Account a : balances) {
      supply = Math.addExact(supply, a.balance());
      full.add(new Account(a.address(), a.balance(), 0, bandwidth.capacity(a.balance()), 0));
    }
    if (supply != rules.totalSupply()) {
      throw new IllegalArgumentException(
          "genesis balances sum to " + supply + ", total supply is " + rules.totalSupply());
    }
    AccountBook book = new AccountBook(full);
    MerkleFrontier frontier = new MerkleFrontier();
    byte[] hash = AppHash.appHash(frontier.root(), book.root(), AppHash.resultsHash(List.of()));
    return new AppState(rules, book, graph, frontier, 0, hash);
  }

  /**
   * The state after block {@code height} as restored from the store: every account, the graph
   * as stored, the links frontier bytes and the app hash recorded for that height.
   */
  public static AppState restore(
      ChainRules rules,
      long height,
      byte[] appHash,
      List<Account> accounts,
      ChainGraph graph,
      byte[] linksFrontier) {
    MerkleFrontier frontier =
        linksFrontier.length == 0 ? new MerkleFrontier() : MerkleFrontier.fromBytes(linksFrontier);
    if (frontier.size() != graph.linkCount()) {
      throw new IllegalArgumentException(
          "links frontier covers " + frontier.size() + " links, the graph has "
              + graph.linkCount());
    }
    return new AppState(rules, new AccountBook(accounts), graph, frontier, height, appHash.clone());
  }

  /** A scratch overlay to execute the next block (height + 1) on. */
  public ScratchState scratch() {
    return new ScratchState(accounts, graph, height + 1);
  }

  /**
   * Makes an execution of the next block the committed state. Refuses (changing nothing) an
   * execution of another height or built on another state.
   */
  public synchronized void commit(BlockExecution block) {
    if (block.height() != height + 1) {
      throw new IllegalStateException(
          "execution of block " + block.height() + " does not follow committed height " + height);
    }
    if (!Arrays.equals(block.parentAppHash(), appHash)) {
      throw new IllegalStateException(
          "execution of block " + block.height() + " was built on another state");
    }
    graph.append(block.newParticles(), block.links());
    accounts.apply(block.accountChanges(), block.accountsRoot());
    frontier = MerkleFrontier.fromBytes(block.linksFrontier());
    appHash = block.appHash().clone();
    height = block.height();
  }

  /** A copy of the links-log frontier after the committed height. */
  public synchronized MerkleFrontier linksFrontier() {
    return frontier.copy();
  }

  public long height() {
    return height;
  }

  /** The app hash after the committed height (header height + 1 carries it). */
  public byte[] appHash() {
    return appHash.clone();
  }

  public ChainRules rules() {
    return rules;
  }

  public Bandwidth bandwidth() {
    return bandwidth;
  }

  /** The committed account, or null. */
  public Account account(ByteKey address) {
    return accounts.get(address);
  }

  public AccountBook accounts() {
    return accounts;
  }

  public ChainGraph graph() {
    return graph;
  }

  /**
   * Every account with a non-zero balance, by address: the stakes to give a fresh rank engine
   * (at genesis, or when rebuilding it) before the first block's links.
   */
  public List<StakeChange> stakes() {
    List<StakeChange> out = new ArrayList<>();
    for (Account a : accounts.all()) {
      if (a.balance() > 0) {
        out.add(new StakeChange(a.address(), a.bech32(), a.balance()));
      }
    }
    return out;
  }
}
