package io.cybergraph.store;

import io.cybergraph.proto.crypto.Hashes;
import com.google.protobuf.ByteString;
import io.cybergraph.proto.cid.Base58;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.merkle.MerkleFrontier;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Cyberlink;
import io.cybergraph.proto.pb.Data;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.proto.pb.Message;
import io.cybergraph.proto.pb.TxBody;
import io.cybergraph.proto.pb.TxRaw;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): writes blocks of realistic cyberlink transactions and reports the
 * time of {@link ChainStore#write} per block and, after flush and full compaction, the disk
 * bytes per link by column family.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; io.cybergraph.store.BlockWriteBench [blocks] [links per block] [dir]
 * </pre>
 *
 * Each block: txs of 1–100 links from a pool of 2,000 neurons; particles with 36-byte binary
 * CIDv1 keys and CIDv0/CIDv1 texts, about 40% fresh and 60% repeated (a third of those from
 * 1,000 popular ones); Block and Commit encoded with the real schemas (Ed25519-sized keys and
 * signatures, 4 precommits); every tx's neuron account updated; one focus vector per block with
 * lag 2.
 */
public final class BlockWriteBench {
  private final SplittableRandom random = new SplittableRandom(1);
  private final List<byte[]> neurons = new ArrayList<>();
  private final List<Particle> particles = new ArrayList<>();
  private final long[] sequences = new long[2000];
  private final MerkleFrontier frontier = new MerkleFrontier();
  private long height;

  private BlockWriteBench() {
    for (int i = 0; i < sequences.length; i++) {
      neurons.add(bytes(20));
    }
  }

  public static void main(String[] args) throws IOException {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 25;
    int linksPerBlock = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("store-bench");
    int warmup = Math.min(5, blocks / 5);
    BlockWriteBench bench = new BlockWriteBench();
    long[] nanos = new long[blocks];
    long[] cpuNanos = new long[blocks];
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long blockBytes = 0;
    try (ChainStore store = ChainStore.open(dir.resolve("db"), StoreOptions.defaults())) {
      for (int i = 0; i < blocks; i++) {
        CommittedBlock b = bench.next(linksPerBlock);
        blockBytes += b.block().length;
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        store.write(b);
        nanos[i] = System.nanoTime() - t0;
        cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpu0;
      }
      long[] measured = Arrays.copyOfRange(nanos, warmup, blocks);
      Arrays.sort(measured);
      long[] cpu = Arrays.copyOfRange(cpuNanos, warmup, blocks);
      Arrays.sort(cpu);
      System.out.printf(
          "%d blocks of %d links (first %d are warm-up): write median %.1f ms, min %.1f ms, max %.1f ms%n",
          blocks, linksPerBlock, warmup, measured[measured.length / 2] / 1e6, measured[0] / 1e6,
          measured[measured.length - 1] / 1e6);
      System.out.printf(
          "CPU time of the writing thread per block: median %.1f ms (RocksDB's background flushes and"
              + " compactions not included)%n", cpu[cpu.length / 2] / 1e6);
      System.out.printf(
          "links %d, particles %d, encoded blocks %.1f bytes/link%n",
          store.linkCount(), store.particleCount(), (double) blockBytes / store.linkCount());
      timeReads(store);
      long t0 = System.nanoTime();
      store.compact();
      System.out.printf("flush + compaction %.1f s%n", (System.nanoTime() - t0) / 1e9);
      report(store);
    } finally {
      if (args.length <= 2) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /**
   * Inclusion proofs and provenance queries at random places (before compaction); CPU time of
   * this thread, which does all the reading, so that other load on the machine does not count.
   */
  private static void timeReads(ChainStore store) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    SplittableRandom random = new SplittableRandom(7);
    long n = store.linkCount();
    int proofs = 2000;
    long t0 = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < proofs; i++) {
      store.linkTree().proof(random.nextLong(n));
    }
    long t1 = threads.getCurrentThreadCpuTime();
    int queries = 2000;
    long found = 0;
    for (int i = 0; i < queries; i++) {
      found += store.queries().into(random.nextInt(store.particleCount()), -1, 100).size();
    }
    long t2 = threads.getCurrentThreadCpuTime();
    System.out.printf(
        "CPU per inclusion proof of a random link among %d: %.0f us (%d proofs); per query of the"
            + " links into a random particle: %.0f us (%d queries, %.1f links each)%n",
        n, (t1 - t0) / 1e3 / proofs, proofs, (t2 - t1) / 1e3 / queries, queries, (double) found / queries);
  }

  private static void report(ChainStore store) {
    double links = store.linkCount();
    Map<Column, Long> bytes = store.sstBytesByColumn();
    long graph = 0;
    long chain = 0;
    long state = 0;
    for (Map.Entry<Column, Long> e : bytes.entrySet()) {
      switch (e.getKey()) {
        case LINKS, LINKS_BY_NEURON, LINKS_OUT, LINKS_IN, LINK_TREE, PARTICLE_BY_KEY, PARTICLE_BY_INDEX ->
            graph += e.getValue();
        case ACCOUNTS, FOCUS, META -> state += e.getValue();
        default -> chain += e.getValue();
      }
      System.out.printf("  %-18s %12d bytes  %7.2f bytes/link%n", e.getKey().familyName, e.getValue(), e.getValue() / links);
    }
    System.out.printf("graph (log, indices, link tree, particles): %.1f bytes/link%n", graph / links);
    System.out.printf("chain (blocks, commits, tx indices):        %.1f bytes/link%n", chain / links);
    System.out.printf("state (accounts, 3 focus vectors, meta):    %.1f bytes/link%n", state / links);
    System.out.printf("total SST: %d bytes, %.1f bytes/link%n", store.diskBytes(), store.diskBytes() / links);
  }

  /** The next block with {@code linkCount} links in txs of 1–100 links. */
  private CommittedBlock next(int linkCount) {
    long h = ++height;
    CommittedBlock.Builder b = CommittedBlock.builder(h);
    Data.Builder data = Data.newBuilder();
    List<byte[]> touched = new ArrayList<>();
    boolean[] seen = new boolean[neurons.size()];
    int links = 0;
    int txIndex = 0;
    while (links < linkCount) {
      int n = Math.min(linkCount - links, 1 + random.nextInt(100));
      int who = random.nextInt(neurons.size());
      byte[] neuron = neurons.get(who);
      Cyberlink.Builder cyberlink = Cyberlink.newBuilder();
      List<NewLink> txLinks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Particle from = pick(b);
        Particle to = pick(b);
        cyberlink.addLinks(Link.newBuilder().setFrom(from.text()).setTo(to.text()));
        txLinks.add(new NewLink(neuron, from.index(), to.index(), txIndex));
        frontier.append(AppHash.linkLeaf(neuron, from.key(), to.key(), h));
      }
      TxBody body =
          TxBody.newBuilder()
              .setChainId("bench-1")
              .setPublicKey(ByteString.copyFrom(bytes(32)))
              .setSequence(sequences[who]++)
              .addMessages(Message.newBuilder().setCyberlink(cyberlink))
              .build();
      byte[] tx =
          TxRaw.newBuilder()
              .setBodyBytes(body.toByteString())
              .setSignature(ByteString.copyFrom(bytes(64)))
              .build()
              .toByteArray();
      data.addTxs(ByteString.copyFrom(tx));
      b.tx(Hashes.sha256(tx));
      txLinks.forEach(b::link);
      if (!seen[who]) {
        seen[who] = true;
        touched.add(neuron);
      }
      links += n;
      txIndex++;
    }
    touched.sort(Arrays::compareUnsigned);
    for (byte[] address : touched) {
      b.account(address, ByteBuffer.allocate(56).put(address).putLong(random.nextLong(1L << 50))
          .putLong(h).putLong(1000).putLong(h).array());
    }
    byte[] block =
        Block.newBuilder()
            .setHeader(Header.newBuilder().setChainId("bench-1").setHeight(h).setTimeNs(h * 1_000_000_000L)
                .setAppHash(ByteString.copyFrom(bytes(32))).setDataHash(ByteString.copyFrom(bytes(32)))
                .setProposer(ByteString.copyFrom(bytes(20))))
            .setData(data)
            .build()
            .toByteArray();
    byte[] blockHash = Hashes.sha256(block);
    Commit.Builder commit = Commit.newBuilder().setHeight(h)
        .setBlockId(BlockID.newBuilder().setHash(ByteString.copyFrom(blockHash)));
    for (int v = 0; v < 4; v++) {
      commit.addPrecommits(Vote.newBuilder().setType(VoteType.VOTE_TYPE_PRECOMMIT).setHeight(h)
          .setBlockId(BlockID.newBuilder().setHash(ByteString.copyFrom(blockHash)))
          .setTimestampNs(h * 1_000_000_000L + v).setValidatorAddress(ByteString.copyFrom(bytes(20)))
          .setValidatorIndex(v).setSignature(ByteString.copyFrom(bytes(64))));
    }
    b.block(blockHash, block, commit.build().toByteArray());
    if (h > 2) {
      long[] focus = new long[particles.size()];
      for (int i = 0; i < focus.length; i++) {
        focus[i] = random.nextLong(1L << 40);
      }
      b.focus(h - 2, focus);
      if (h > 5) {
        b.pruneFocus(h - 5);
      }
    }
    b.state(frontier.toBytes(), bytes(32));
    return b.build();
  }

  /** A fresh particle (40%), a popular one (20%) or any earlier one (40%). */
  private Particle pick(CommittedBlock.Builder b) {
    int r = random.nextInt(10);
    if (particles.size() < 1000 || r < 4) {
      byte[] digest = bytes(32);
      // half first linked as CIDv0 (Qm…, 46 chars), half as CIDv1 raw base32 (b…, 59 chars)
      String text = random.nextBoolean()
          ? Base58.encode(ByteBuffer.allocate(34).put((byte) 0x12).put((byte) 0x20).put(digest).array())
          : Cid.fromKey(ByteBuffer.allocate(36).put((byte) 1).put((byte) 0x55).put((byte) 0x12)
              .put((byte) 0x20).put(digest).array()).text();
      byte[] key = Cid.parse(text).key();
      Particle p = new Particle(particles.size(), key, text);
      particles.add(p);
      b.particle(p);
      return p;
    }
    if (r < 6) {
      return particles.get(random.nextInt(1000));
    }
    return particles.get(random.nextInt(particles.size()));
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
