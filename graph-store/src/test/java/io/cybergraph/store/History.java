package io.cybergraph.store;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.cid.Base58;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.merkle.MerkleFrontier;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Data;
import io.cybergraph.proto.pb.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deterministic random chain history (same seed, same blocks) together with the in-memory
 * model of what a store holding its first {@link #height} blocks must answer.
 */
final class History {

  /** Shape of the generated blocks. */
  record Profile(int neurons, int maxLinks, int bigBlockEvery, int bigBlockLinks, int lag) {
    /** A few hundred blocks' worth of variety: empty blocks, small blocks, a few large ones. */
    static Profile varied() {
      return new Profile(12, 60, 53, 700, 2);
    }

    /** Larger blocks, so that a killed writer is often in the middle of a write. */
    static Profile heavy() {
      return new Profile(40, 3000, 0, 0, 2);
    }
  }

  /** One generated block with the tx bytes the model needs. */
  record Generated(CommittedBlock block, List<byte[]> txs, long firstLinkSeq) {}

  final Profile profile;
  private final SplittableRandom random;
  final List<byte[]> neurons = new ArrayList<>();

  long height;
  final List<Generated> blocks = new ArrayList<>();
  final List<Particle> particles = new ArrayList<>();
  final List<LinkRecord> links = new ArrayList<>();
  final List<byte[]> leafHashes = new ArrayList<>();
  final TreeMap<byte[], byte[]> accounts = new TreeMap<>(Arrays::compareUnsigned);
  final TreeMap<Long, long[]> focus = new TreeMap<>();
  final MerkleFrontier frontier = new MerkleFrontier();

  History(long seed, Profile profile) {
    this.profile = profile;
    this.random = new SplittableRandom(seed);
    for (int i = 0; i < profile.neurons(); i++) {
      neurons.add(bytes(20));
    }
  }

  /** Generates and applies {@code blocks} blocks; returns this history. */
  History skip(int count) {
    for (int i = 0; i < count; i++) {
      next();
    }
    return this;
  }

  /** The generated block at a height (1-based). */
  Generated at(long h) {
    return blocks.get((int) (h - 1));
  }

  /** Generates the next block (its size drawn from the profile) and applies it to the model. */
  CommittedBlock next() {
    long h = height + 1;
    if (profile.bigBlockEvery() > 0 && h % profile.bigBlockEvery() == 0) {
      return next(profile.bigBlockLinks());
    }
    return next(random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(profile.maxLinks()));
  }

  /** Generates the next block with {@code linkCount} links and applies it to the model. */
  CommittedBlock next(int linkCount) {
    long h = height + 1;
    int txCount = linkCount == 0 ? random.nextInt(3) : 1 + random.nextInt(Math.min(linkCount, 8));

    List<byte[]> txs = new ArrayList<>();
    Data.Builder data = Data.newBuilder();
    for (int i = 0; i < txCount; i++) {
      byte[] tx = bytes(30 + random.nextInt(120));
      txs.add(tx);
      data.addTxs(ByteString.copyFrom(tx));
    }
    byte[] block =
        Block.newBuilder()
            .setHeader(Header.newBuilder().setChainId("store-test").setHeight(h))
            .setData(data)
            .build()
            .toByteArray();
    byte[] blockHash = Hashes.sha256(block);
    byte[] commit =
        Commit.newBuilder()
            .setHeight(h)
            .setBlockId(BlockID.newBuilder().setHash(ByteString.copyFrom(blockHash)))
            .build()
            .toByteArray();

    CommittedBlock.Builder b = CommittedBlock.builder(h).block(blockHash, block, commit);
    for (byte[] tx : txs) {
      b.tx(Hashes.sha256(tx));
    }

    int[] txOfLink = new int[linkCount];
    for (int i = 0; i < linkCount; i++) {
      txOfLink[i] = random.nextInt(txCount);
    }
    Arrays.sort(txOfLink); // links execute in tx order
    long firstSeq = links.size();
    for (int i = 0; i < linkCount; i++) {
      byte[] neuron = neurons.get(random.nextInt(neurons.size()));
      int from;
      int to;
      if (!links.isEmpty() && random.nextInt(10) == 0) {
        LinkRecord earlier = links.get(random.nextInt(links.size()));
        from = earlier.from();
        to = earlier.to();
      } else {
        from = pickParticle(b);
        to = pickParticle(b);
      }
      b.link(new NewLink(neuron, from, to, txOfLink[i]));
      byte[] txHash = Hashes.sha256(txs.get(txOfLink[i]));
      links.add(new LinkRecord(links.size(), neuron, from, to, h, txOfLink[i], txHash));
      byte[] leaf = AppHash.linkLeaf(neuron, particles.get(from).key(), particles.get(to).key(), h);
      leafHashes.add(Merkle.leafHash(leaf));
      frontier.append(leaf);
    }

    Set<Integer> touched = new HashSet<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      int who = random.nextInt(neurons.size() + 5);
      if (!touched.add(who)) {
        continue;
      }
      byte[] address = who < neurons.size() ? neurons.get(who) : Hashes.sha256(Keys.u32(who));
      address = Arrays.copyOf(address, 20);
      byte[] account = ("account " + Keys.hex(address) + " at " + h).getBytes(StandardCharsets.US_ASCII);
      b.account(address, account);
      accounts.put(address, account);
    }

    long focusHeight = h - profile.lag();
    if (focusHeight >= 0) {
      long[] values = new long[particles.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextLong(1L << 40);
      }
      b.focus(focusHeight, values);
      focus.put(focusHeight, values);
      long pruned = focusHeight - profile.lag() - 1;
      if (pruned >= 0) {
        b.pruneFocus(pruned);
        focus.remove(pruned);
      }
    }

    b.state(frontier.toBytes(), Hashes.sha256(("app " + h).getBytes(StandardCharsets.US_ASCII)));
    CommittedBlock committed = b.build();
    blocks.add(new Generated(committed, txs, firstSeq));
    height = h;
    return committed;
  }

  /** An existing particle (hubs more often) or a new one added to the block and the model. */
  private int pickParticle(CommittedBlock.Builder b) {
    if (particles.size() < 2 || random.nextInt(3) == 0) {
      int index = particles.size();
      byte[] digest = bytes(32);
      String text;
      switch (index % 3) {
        case 0 -> text = Base58.encode(concat(new byte[] {0x12, 0x20}, digest)); // CIDv0
        case 1 -> text = Cid.fromKey(concat(new byte[] {0x01, 0x70, 0x12, 0x20}, digest)).text();
        default -> text = Cid.fromKey(concat(new byte[] {0x01, 0x55, 0x1e, 0x20}, digest)).text();
      }
      byte[] key = Cid.parse(text).key(); // the proto parser decides the canonical key
      Particle p = new Particle(index, key, text);
      particles.add(p);
      b.particle(p);
      return index;
    }
    if (random.nextInt(4) == 0) {
      return random.nextInt(Math.min(5, particles.size()));
    }
    return random.nextInt(particles.size());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
