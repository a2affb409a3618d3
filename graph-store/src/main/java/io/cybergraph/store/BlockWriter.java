package io.cybergraph.store;

import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.merkle.MerkleFrontier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rocksdb.WriteBatch;

/**
 * Turns one {@link CommittedBlock} into one RocksDB {@code WriteBatch} (block, commit, txs,
 * particles, links with all their indices, link-tree hashes, accounts, focus, frontier and the
 * head) and writes it synced: after a crash the store holds all of the block or none of it.
 * Everything is checked before the batch is built, so a refused block changes nothing.
 *
 * <p>The store appends the block's link leaves to its own copy of the links frontier and
 * refuses the block unless the result equals the application's frontier: both must agree on
 * every leaf, or the store's inclusion proofs would not match {@code links_root}.
 */
final class BlockWriter {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlockWriter.class);
  private static final int HASH_BYTES = 32;

  private final Db db;
  private final MetaTable meta;
  private final BlockTable blocks;
  private final CommitTable commits;
  private final TxTable txs;
  private final LinkLog log;
  private final NeuronIndex byNeuron;
  private final ParticleLinkIndex out;
  private final ParticleLinkIndex in;
  private final ParticleTable particles;
  private final AccountTable accounts;
  private final FocusTable focus;
  private final LinkTree tree;
  private final LinkQueries queries;
  private final EvidenceTable evidence;

  BlockWriter(
      Db db,
      MetaTable meta,
      BlockTable blocks,
      CommitTable commits,
      TxTable txs,
      LinkLog log,
      NeuronIndex byNeuron,
      ParticleLinkIndex out,
      ParticleLinkIndex in,
      ParticleTable particles,
      AccountTable accounts,
      FocusTable focus,
      LinkTree tree,
      LinkQueries queries,
      EvidenceTable evidence) {
    this.db = db;
    this.meta = meta;
    this.blocks = blocks;
    this.commits = commits;
    this.txs = txs;
    this.log = log;
    this.byNeuron = byNeuron;
    this.out = out;
    this.in = in;
    this.particles = particles;
    this.accounts = accounts;
    this.focus = focus;
    this.tree = tree;
    this.queries = queries;
    this.evidence = evidence;
  }

  /** CPU time of the writing thread (RocksDB's work on it included), for the DEBUG line. */
  private static final class PhaseClock {
    private static final java.lang.management.ThreadMXBean THREADS =
        java.lang.management.ManagementFactory.getThreadMXBean();

    static long now() {
      return LOG.isDebugEnabled() ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    static String ms(long nanos) {
      return String.format("%.1f", nanos / 1e6);
    }
  }

  /** A subtree hash completed by the block's links. */
  private record Node(long start, int level, byte[] hash) {}

  /** Checks and writes the block on top of {@code head} (a synced batch); returns the new head. */
  MetaTable.Head write(MetaTable.Head head, CommittedBlock b) {
    return write(head, b, true);
  }

  /**
   * Checks and writes the block on top of {@code head}; returns the new head.
   *
   * @param synced whether the WAL is fsynced before returning (false: the batch is still atomic
   *     and survives a process kill, but an OS crash may lose it, with the blocks after it)
   */
  MetaTable.Head write(MetaTable.Head head, CommittedBlock b, boolean synced) {
    long t0 = PhaseClock.now();
    int[] forms = check(head, b);
    long t1 = PhaseClock.now();
    List<Node> completed = appendToFrontier(head, b);
    long t2 = PhaseClock.now();
    long t3;
    MetaTable.Head next =
        new MetaTable.Head(
            b.height(),
            head.linkCount() + b.links().size(),
            head.particleCount() + b.newParticles().size());
    try (WriteBatch batch = new WriteBatch()) {
      blocks.put(batch, b, head.linkCount());
      commits.put(batch, b.height(), b.commit());
      txs.put(batch, b.height(), b.txHashes());
      for (int i = 0; i < forms.length; i++) {
        particles.put(batch, b.newParticles().get(i), forms[i]);
      }
      long seq = head.linkCount();
      for (NewLink link : b.links()) {
        log.put(batch, seq, link, b.height());
        queries.noteLink(link.neuron(), link.from(), link.to()); // before the write: see KeyFilter
        byNeuron.put(batch, link.neuron(), seq);
        out.put(batch, link.from(), link.to(), seq);
        in.put(batch, link.to(), link.from(), seq);
        seq++;
      }
      for (Node node : completed) {
        tree.putIfKept(batch, node.start(), node.level(), node.hash());
      }
      for (AccountUpdate account : b.accounts()) {
        accounts.put(batch, account);
      }
      for (FocusVector vector : b.focus()) {
        focus.put(batch, vector);
      }
      for (long height : b.pruneFocusHeights()) {
        focus.delete(batch, height);
      }
      for (NewEvidence e : b.evidence()) {
        evidence.putCommitted(batch, b.height(), e);
      }
      meta.put(batch, next, b.linksFrontier());
      t3 = PhaseClock.now();
      if (synced) {
        db.writeSynced(batch);
      } else {
        db.writeUnsynced(batch);
      }
    }
    if (LOG.isDebugEnabled()) {
      long t4 = PhaseClock.now();
      LOG.debug("height {}: {} links, {} new particles; thread CPU ms: checks {}, leaves and"
              + " frontier {}, batch {}, RocksDB write {}",
          b.height(), b.links().size(), b.newParticles().size(), PhaseClock.ms(t1 - t0),
          PhaseClock.ms(t2 - t1), PhaseClock.ms(t3 - t2), PhaseClock.ms(t4 - t3));
    }
    return next;
  }

  /** Checks everything but the frontier; returns the text form of each new particle. */
  private int[] check(MetaTable.Head head, CommittedBlock b) {
    long h = b.height();
    if (h != head.height() + 1) {
      throw new BlockRefusedException(
          h, "height is not the next one (latest stored height is " + head.height() + ")");
    }
    requireLength(h, "block hash", b.blockHash(), HASH_BYTES);
    requireLength(h, "app hash", b.appHash(), HASH_BYTES);
    if (b.block().length == 0) {
      throw new BlockRefusedException(h, "block bytes are empty");
    }
    if (b.commit().length == 0) {
      throw new BlockRefusedException(h, "commit bytes are empty");
    }
    if (blocks.heightOf(b.blockHash()).isPresent()) {
      throw new BlockRefusedException(h, "block hash " + Keys.hex(b.blockHash()) + " is already stored");
    }
    checkTxs(h, b.txHashes());
    int[] forms = checkParticles(h, head, b.newParticles());
    checkLinks(h, b, head.particleCount() + forms.length);
    checkAccounts(h, b.accounts());
    checkFocus(h, b);
    checkEvidence(h, b.evidence());
    return forms;
  }

  private void checkTxs(long h, List<byte[]> txHashes) {
    Set<ByteBuffer> seen = new HashSet<>();
    for (byte[] hash : txHashes) {
      requireLength(h, "tx hash", hash, HASH_BYTES);
      if (!seen.add(ByteBuffer.wrap(hash))) {
        throw new BlockRefusedException(h, "tx " + Keys.hex(hash) + " appears twice");
      }
    }
    List<byte[]> known = txs.known(txHashes);
    if (!known.isEmpty()) {
      throw new BlockRefusedException(h, "tx " + Keys.hex(known.get(0)) + " is already stored");
    }
  }

  /** Returns the text form of each new particle. */
  private int[] checkParticles(long h, MetaTable.Head head, List<Particle> newParticles) {
    if ((long) head.particleCount() + newParticles.size() > Integer.MAX_VALUE) {
      throw new BlockRefusedException(h, "particle count would exceed " + Integer.MAX_VALUE);
    }
    Set<ByteBuffer> seen = new HashSet<>(2 * newParticles.size()); // sized: no rehash
    List<byte[]> keys = new ArrayList<>(newParticles.size());
    int[] forms = new int[newParticles.size()];
    int expected = head.particleCount();
    for (Particle p : newParticles) {
      if (p.index() != expected) {
        throw new BlockRefusedException(
            h, "new particle " + p.text() + " has index " + p.index() + ", next expected " + expected);
      }
      if (p.key().length == 0) {
        throw new BlockRefusedException(h, "particle " + p.index() + " has an empty key");
      }
      int form = ParticleText.formOf(p.key(), p.text());
      if (form < 0) {
        throw new BlockRefusedException(
            h, "particle " + p.index() + " text " + p.text()
                + " is neither the CIDv0 nor the CIDv1 base32 text of its key " + Keys.hex(p.key()));
      }
      forms[p.index() - head.particleCount()] = form;
      if (!seen.add(ByteBuffer.wrap(p.key()))) {
        throw new BlockRefusedException(h, "particle " + p.text() + " is new twice in the block");
      }
      keys.add(p.key());
      expected++;
    }
    int[] stored = particles.indicesOf(keys);
    for (int i = 0; i < stored.length; i++) {
      if (stored[i] >= 0) {
        throw new BlockRefusedException(
            h, "new particle " + newParticles.get(i).text() + " is already stored as particle " + stored[i]);
      }
    }
    return forms;
  }

  private static void checkLinks(long h, CommittedBlock b, int particleCount) {
    int txCount = b.txHashes().size();
    for (int i = 0; i < b.links().size(); i++) {
      NewLink l = b.links().get(i);
      if (l.neuron().length != LinkLog.NEURON_BYTES) {
        throw new BlockRefusedException(
            h, "link " + i + " neuron has " + l.neuron().length + " bytes, expected 20");
      }
      if (l.from() < 0 || l.from() >= particleCount || l.to() < 0 || l.to() >= particleCount) {
        throw new BlockRefusedException(
            h, "link " + i + " names particle " + l.from() + " -> " + l.to()
                + " but only 0.." + (particleCount - 1) + " exist");
      }
      if (l.txIndex() < 0 || l.txIndex() >= txCount) {
        throw new BlockRefusedException(
            h, "link " + i + " names tx " + l.txIndex() + " but the block has " + txCount + " txs");
      }
    }
  }

  private static void checkAccounts(long h, List<AccountUpdate> updates) {
    Set<ByteBuffer> seen = new HashSet<>();
    for (AccountUpdate a : updates) {
      requireLength(h, "account address", a.address(), AccountTable.ADDRESS_BYTES);
      if (!seen.add(ByteBuffer.wrap(a.address()))) {
        throw new BlockRefusedException(h, "account " + Keys.hex(a.address()) + " is updated twice");
      }
    }
  }

  private static void checkFocus(long h, CommittedBlock b) {
    Set<Long> written = new HashSet<>();
    for (FocusVector f : b.focus()) {
      if (f.height() < 0 || f.height() > h) {
        throw new BlockRefusedException(h, "focus for height " + f.height() + " is not in 0.." + h);
      }
      if (!written.add(f.height())) {
        throw new BlockRefusedException(h, "focus for height " + f.height() + " is given twice");
      }
    }
    for (long pruned : b.pruneFocusHeights()) {
      if (written.contains(pruned)) {
        throw new BlockRefusedException(h, "focus for height " + pruned + " is written and pruned");
      }
    }
  }

  private void checkEvidence(long h, List<NewEvidence> list) {
    Set<ByteBuffer> seen = new HashSet<>();
    for (NewEvidence e : list) {
      requireLength(h, "evidence key", e.key(), NewEvidence.KEY_BYTES);
      requireLength(h, "evidence hash", e.hash(), HASH_BYTES);
      if (!seen.add(ByteBuffer.wrap(e.key()))) {
        throw new BlockRefusedException(h, "evidence " + Keys.hex(e.key()) + " appears twice");
      }
      if (evidence.committedHeight(e.key()).isPresent()) {
        throw new BlockRefusedException(h, "evidence " + Keys.hex(e.key()) + " is already committed");
      }
    }
  }

  private static void requireLength(long h, String what, byte[] value, int length) {
    if (value.length != length) {
      throw new BlockRefusedException(
          h, what + " has " + value.length + " bytes, expected " + length);
    }
  }

  /**
   * Appends the block's link leaves to the stored frontier and checks the result against the
   * block's frontier; returns the subtrees the links completed.
   */
  private List<Node> appendToFrontier(MetaTable.Head head, CommittedBlock b) {
    MerkleFrontier frontier = MerkleFrontier.fromBytes(meta.linksFrontier());
    if (frontier.size() != head.linkCount()) {
      throw new StoreException(
          "stored links frontier has " + frontier.size() + " leaves but the log " + head.linkCount());
    }
    List<Node> completed = new ArrayList<>();
    MerkleFrontier.NodeSink sink = (start, level, hash) -> completed.add(new Node(start, level, hash));
    for (byte[] leaf : leaves(head, b)) {
      frontier.appendLeafHash(Merkle.leafHash(leaf), sink);
    }
    if (!Arrays.equals(frontier.toBytes(), b.linksFrontier())) {
      throw new BlockRefusedException(
          b.height(),
          "links frontier differs from the store's after appending the block's "
              + b.links().size() + " links (" + frontier.size()
              + " leaves): application and store disagree on the link leaves");
    }
    return completed;
  }

  /**
   * The block's link leaves, with stored particles' keys read in one call. Plain arrays, no
   * streams or boxed maps: this runs once per block, so a cold node compiles it early, and with
   * a stream pipeline and an Integer map inlined C2 spent about a second compiling it (five
   * times) during a 1,000-block sync.
   */
  private List<byte[]> leaves(MetaTable.Head head, CommittedBlock b) {
    // check() made the new particles' indices run from head.particleCount() without gaps
    int firstNew = head.particleCount();
    int[] stored = storedEnds(b.links(), firstNew);
    List<byte[]> storedKeys = particles.keysOf(stored);
    List<byte[]> leaves = new ArrayList<>(b.links().size());
    for (NewLink l : b.links()) {
      byte[] from = particleKey(l.from(), firstNew, stored, storedKeys, b.newParticles());
      byte[] to = particleKey(l.to(), firstNew, stored, storedKeys, b.newParticles());
      leaves.add(LinkTree.leaf(l.neuron(), from, to, b.height()));
    }
    return leaves;
  }

  /** The distinct stored particles (index below {@code firstNew}) the links name, ascending. */
  private static int[] storedEnds(List<NewLink> links, int firstNew) {
    int[] ends = new int[2 * links.size()];
    int n = 0;
    for (NewLink l : links) {
      if (l.from() < firstNew) {
        ends[n++] = l.from();
      }
      if (l.to() < firstNew) {
        ends[n++] = l.to();
      }
    }
    Arrays.sort(ends, 0, n);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (distinct == 0 || ends[i] != ends[distinct - 1]) {
        ends[distinct++] = ends[i];
      }
    }
    return Arrays.copyOf(ends, distinct);
  }

  private static byte[] particleKey(int index, int firstNew, int[] stored, List<byte[]> storedKeys,
      List<Particle> newParticles) {
    return index >= firstNew
        ? newParticles.get(index - firstNew).key()
        : storedKeys.get(Arrays.binarySearch(stored, index));
  }
}
