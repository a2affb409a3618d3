package io.cybergraph.store;

import io.cybergraph.proto.merkle.MerkleFrontier;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's RocksDB store: committed blocks with their commits and transactions, the link log
 * with its indices (by neuron, by particle out and in, by pair), particles, accounts, the last
 * focus vectors, the links-root frontier and the link tree for inclusion proofs.
 *
 * <p>One writer: {@link #write} persists a whole block atomically (one synced batch), and
 * refuses a block that does not fit (wrong height, particle index gap, unknown references)
 * without changing anything. Readers may run concurrently from any thread; what they see is
 * always a prefix of whole blocks. Call {@link #close} only after readers and the writer stop.
 */
public final class ChainStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainStore.class);

  private final Db db;
  private final MetaTable meta;
  private final BlockTable blocks;
  private final CommitTable commits;
  private final TxTable txs;
  private final LinkLog links;
  private final LinkQueries queries;
  private final ParticleTable particles;
  private final AccountTable accounts;
  private final FocusTable focus;
  private final LinkTree linkTree;
  private final EvidenceTable evidence;
  private final BlockWriter writer;
  private volatile MetaTable.Head head;

  private ChainStore(Db db) {
    this.db = db;
    meta = new MetaTable(db);
    blocks = new BlockTable(db);
    commits = new CommitTable(db);
    txs = new TxTable(db, blocks);
    links = new LinkLog(db, txs);
    MetaTable.Head stored = meta.head();
    particles = new ParticleTable(db, stored.particleCount());
    accounts = new AccountTable(db);
    focus = new FocusTable(db);
    NeuronIndex byNeuron = new NeuronIndex(db);
    ParticleLinkIndex out = ParticleLinkIndex.out(db);
    ParticleLinkIndex in = ParticleLinkIndex.in(db);
    head = stored; // the link filter below is built from the log up to this head
    queries = new LinkQueries(blocks, links, byNeuron, out, in, () -> head);
    linkTree = new LinkTree(db, links, particles, () -> head.linkCount());
    evidence = new EvidenceTable(db);
    writer =
        new BlockWriter(
            db, meta, blocks, commits, txs, links, byNeuron, out, in, particles, accounts, focus,
            linkTree,
            queries,
            evidence);
    long frontierSize = MerkleFrontier.fromBytes(meta.linksFrontier()).size();
    if (frontierSize != head.linkCount()) {
      throw new StoreException(
          "store is inconsistent: links frontier has " + frontierSize + " leaves, the log "
              + head.linkCount() + " links");
    }
  }

  /** Opens (creating if needed) the store in {@code dir}. */
  public static ChainStore open(Path dir, StoreOptions options) {
    Db db = Db.open(dir, options);
    try {
      ChainStore store = new ChainStore(db);
      MetaTable.Head h = store.head;
      LOG.info(
          "store opened at {}: height {}, {} links, {} particles",
          dir, h.height(), h.linkCount(), h.particleCount());
      return store;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Persists one committed block atomically; see {@link CommittedBlock} for what is checked. */
  public synchronized void write(CommittedBlock block) {
    head = writer.write(head, block);
  }

  /**
   * Like {@link #write}, atomically, but without an fsync of the WAL: for blocks a catching-up
   * node can fetch again. A killed process keeps the block (the OS has the WAL write); an OS
   * crash or power loss may lose it and the unsynced blocks after it, never part of one. Call
   * {@link #syncWal} to make every block written so far durable.
   */
  public synchronized void writeUnsynced(CommittedBlock block) {
    head = writer.write(head, block, false);
  }

  /** Fsyncs the WAL: every block written before (synced or not) is durable. */
  public synchronized void syncWal() {
    db.syncWal();
  }

  /** The height of the last complete block, 0 when empty. */
  public long latestHeight() {
    return head.height();
  }

  /** Links in the log; the next link gets this sequence number. */
  public long linkCount() {
    return head.linkCount();
  }

  /** Particles stored; the next new particle gets this index. */
  public int particleCount() {
    return head.particleCount();
  }

  /** The app hash after the block at {@code height}. */
  public Optional<byte[]> appHash(long height) {
    return blocks.info(height).map(BlockInfo::appHash);
  }

  /**
   * The links-root frontier after the latest block ({@code MerkleFrontier.toBytes()}; the empty
   * frontier's bytes before the first block).
   */
  public byte[] linksFrontier() {
    return meta.linksFrontier();
  }

  public BlockTable blocks() {
    return blocks;
  }

  public CommitTable commits() {
    return commits;
  }

  public TxTable txs() {
    return txs;
  }

  public LinkLog links() {
    return links;
  }

  public LinkQueries queries() {
    return queries;
  }

  public ParticleTable particles() {
    return particles;
  }

  public AccountTable accounts() {
    return accounts;
  }

  public FocusTable focus() {
    return focus;
  }

  public LinkTree linkTree() {
    return linkTree;
  }

  public EvidenceTable evidence() {
    return evidence;
  }

  /** Bytes of all SST files (what is on disk once memtables are flushed). */
  public long diskBytes() {
    long total = 0;
    for (long bytes : sstBytesByColumn().values()) {
      total += bytes;
    }
    return total;
  }

  Map<Column, Long> sstBytesByColumn() {
    Map<Column, Long> bytes = new EnumMap<>(Column.class);
    for (Column c : Column.values()) {
      bytes.put(c, db.longProperty(c, "rocksdb.total-sst-files-size"));
    }
    return bytes;
  }

  /** Flushes memtables and compacts every family (for measuring disk use). */
  void compact() {
    db.flushAndCompact();
  }

  @Override
  public synchronized void close() {
    db.close();
  }
}
