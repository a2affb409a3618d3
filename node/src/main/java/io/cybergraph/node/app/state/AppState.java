package io.cybergraph.node.app.state;

import io.cybergraph.node.app.BlockExecution;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.ChainRules;
import io.cybergraph.node.app.StakeChange;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.merkle.MerkleFrontier;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.CommittedBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

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
  private final ChainStore store; // null when the state lives in memory only
  private MerkleFrontier frontier;
  private volatile long height;
  private volatile byte[] appHash;

  private AppState(
      ChainRules rules,
      AccountBook accounts,
      ChainGraph graph,
      ChainStore store,
      MerkleFrontier frontier,
      long height,
      byte[] appHash) {
    this.rules = rules;
    this.store = store;
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
    return genesis(ChainRules.of(genesis), genesisBalances(genesis), graph);
  }

  private static List<Account> genesisBalances(ChainGenesis genesis) {
    List<Account> balances = new ArrayList<>();
    for (ChainGenesis.Account a : genesis.accounts()) {
      balances.add(new Account(ByteKey.of(a.address()), a.balance(), 0, 0, 0));
    }
    return balances;
  }

  /** As {@link #genesis(ChainGenesis, ChainGraph)} from rules and accounts (only balances used). */
  public static AppState genesis(ChainRules rules, List<Account> balances, ChainGraph graph) {
    if (graph.particleCount() != 0 || graph.linkCount() != 0) {
      throw new IllegalArgumentException("the genesis graph must be empty");
    }
    AccountBook book = new AccountBook(genesisAccounts(rules, balances));
    MerkleFrontier frontier = new MerkleFrontier();
    byte[] hash = AppHash.appHash(frontier.root(), book.root(), AppHash.resultsHash(List.of()));
    return new AppState(rules, book, graph, null, frontier, 0, hash);
  }

  /** Genesis accounts: sequence 0, full bandwidth settled at height 0; balances sum to S. */
  private static List<Account> genesisAccounts(ChainRules rules, List<Account> balances) {
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
    return full;
  }

  /**
   * The state kept in {@code store}: at genesis when the store holds no block, otherwise after
   * its latest block — the genesis accounts with every account the blocks changed read over
   * them, the links frontier and app hash stored with that block. Checks that the app hash
   * recomputed from what was read equals the stored one ({@link IllegalStateException} naming
   * the height otherwise). Blocks are then committed with {@link #commit(BlockExecution,
   * CommittedBlock)}, which writes them to the store.
   */
  public static AppState open(ChainGenesis genesis, ChainStore store) {
    ChainRules rules = ChainRules.of(genesis);
    StoreGraph graph = new StoreGraph(store);
    long height = store.latestHeight();
    if (height == 0) {
      AppState state = genesis(rules, genesisBalances(genesis), graph);
      return new AppState(
          rules, state.accounts, graph, store, state.frontier, 0, state.appHash);
    }
    List<Account> accounts = storedAccounts(genesis, store);
    byte[] storedHash =
        store.appHash(height).orElseThrow(() -> new IllegalStateException(
            "the store has no app hash for its latest height " + height));
    AppState state =
        restore(rules, height, storedHash, accounts, graph,
            store.linksFrontier());
    byte[] resultsHash = AppHash.resultsHash(store.txs().hashesAt(height));
    byte[] recomputed =
        AppHash.appHash(state.frontier.root(), state.accounts.root(), resultsHash);
    if (!Arrays.equals(recomputed, storedHash)) {
      throw new IllegalStateException(
          "the stored state does not give the app hash stored for height " + height
              + ": the store is corrupt or belongs to another genesis");
    }
    return new AppState(rules, state.accounts, graph, store, state.frontier, height, storedHash);
  }

  /**
   * Every account after the store's latest block: the genesis accounts (as at height 0) with
   * every account a block changed read over them, in address order. The store holds only
   * accounts that blocks wrote, so the genesis accounts must be the base.
   */
  public static List<Account> storedAccounts(ChainGenesis genesis, ChainStore store) {
    ChainRules rules = ChainRules.of(genesis);
    TreeMap<ByteKey, Account> accounts = new TreeMap<>();
    for (Account a : genesisAccounts(rules, genesisBalances(genesis))) {
      accounts.put(a.address(), a);
    }
    store.accounts().forEach((address, bytes) -> {
      Account a = Account.decode(bytes);
      accounts.put(a.address(), a);
    });
    return List.copyOf(accounts.values());
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
    return new AppState(
        rules, new AccountBook(accounts), graph, null, frontier, height, appHash.clone());
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
    if (store != null) {
      throw new IllegalStateException(
          "a state kept in a store commits with the block's store record");
    }
    requireNext(block);
    apply(block);
  }

  /**
   * Writes {@code record} (the block's {@link BlockExecution#storeRecord}, with the block, its
   * commit and focus vectors added) to the store in one atomic batch, then makes {@code block}
   * the committed state. If the write fails nothing changes; after a crash the store holds the
   * block or not, and {@link #open} resumes from what it holds.
   */
  public synchronized void commit(BlockExecution block, CommittedBlock record) {
    commit(block, record, true);
  }

  /**
   * {@link #commit(BlockExecution, CommittedBlock)}, with the write synced to disk or not: block
   * sync's catch-up writes most blocks unsynced (atomic, and kept when the process is killed; an
   * OS crash may lose the unsynced tail, which the node fetches again).
   */
  public synchronized void commit(BlockExecution block, CommittedBlock record, boolean synced) {
    if (store == null) {
      throw new IllegalStateException("this state has no store");
    }
    requireNext(block);
    if (record.height() != block.height()
        || !Arrays.equals(record.appHash(), block.appHash())
        || !Arrays.equals(record.linksFrontier(), block.linksFrontier())
        || record.links().size() != block.links().size()
        || record.accounts().size() != block.accountChanges().size()) {
      throw new IllegalArgumentException(
          "the store record of block " + record.height() + " is not that of its execution");
    }
    if (synced) {
      store.write(record);
    } else {
      store.writeUnsynced(record);
    }
    apply(block);
  }

  private void requireNext(BlockExecution block) {
    if (block.height() != height + 1) {
      throw new IllegalStateException(
          "execution of block " + block.height() + " does not follow committed height " + height);
    }
    if (!Arrays.equals(block.parentAppHash(), appHash)) {
      throw new IllegalStateException(
          "execution of block " + block.height() + " was built on another state");
    }
  }

  private void apply(BlockExecution block) {
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
