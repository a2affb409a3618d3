package io.cybergraph.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.rocksdb.WriteBatch;

/**
 * Particles both ways: {@code particle_by_key} (canonical key → index) and
 * {@code particle_by_index} (index → form ‖ key, the form saying which CID text the particle was
 * first linked with, see {@link ParticleText}). Everything else refers to a particle by its
 * 4-byte index.
 *
 * <p>A {@link KeyFilter} over every stored key (built by one key scan when the store opens, and
 * told about each new particle before its block is written) answers "certainly absent" for a
 * key never stored, so looking up a new particle reads nothing from RocksDB.
 */
public final class ParticleTable {
  private final Db db;
  private final KeyFilter keys;

  ParticleTable(Db db, long particleCount) {
    this.db = db;
    this.keys = new KeyFilter(Math.max(KeyFilter.FIRST_SEGMENT_KEYS, 2 * particleCount));
    db.scanKeys(Column.PARTICLE_BY_KEY, null, null, key -> {
      keys.add(key);
      return true;
    });
  }

  /**
   * False when no particle with this key is stored (certain); true when one may be (a read
   * tells).
   */
  public boolean mightExist(byte[] key) {
    return keys.mightContain(key);
  }

  /** Bytes the key filter holds. */
  public long filterBytes() {
    return keys.bytes();
  }

  /** The index of the particle with this canonical key. */
  public OptionalInt indexOf(byte[] key) {
    if (!keys.mightContain(key)) {
      return OptionalInt.empty();
    }
    byte[] v = db.get(Column.PARTICLE_BY_KEY, key);
    return v == null ? OptionalInt.empty() : OptionalInt.of(Keys.readU32(v, 0));
  }

  /**
   * Indices of many canonical keys in one call (-1 where unknown), in the order asked: what the
   * application needs to resolve a block's link ends.
   */
  public int[] indicesOf(List<byte[]> keys) {
    int[] indices = new int[keys.size()];
    java.util.Arrays.fill(indices, -1);
    // read only the keys the filter cannot rule out (under load: almost none are stored)
    List<byte[]> maybe = new ArrayList<>();
    int[] at = new int[keys.size()];
    for (int i = 0; i < indices.length; i++) {
      if (this.keys.mightContain(keys.get(i))) {
        at[maybe.size()] = i;
        maybe.add(keys.get(i));
      }
    }
    List<byte[]> found = db.multiGet(Column.PARTICLE_BY_KEY, maybe);
    for (int j = 0; j < maybe.size(); j++) {
      if (found.get(j) != null) {
        indices[at[j]] = Keys.readU32(found.get(j), 0);
      }
    }
    return indices;
  }

  /** The particle with this canonical key. */
  public Optional<Particle> byKey(byte[] key) {
    OptionalInt index = indexOf(key);
    return index.isPresent() ? byIndex(index.getAsInt()) : Optional.empty();
  }

  /** The particle with this index. */
  public Optional<Particle> byIndex(int index) {
    if (index < 0) {
      return Optional.empty();
    }
    byte[] v = db.get(Column.PARTICLE_BY_INDEX, Keys.u32(index));
    return v == null
        ? Optional.empty()
        : Optional.of(new Particle(index, key(v), ParticleText.render(key(v), v[0])));
  }

  /**
   * Visits the particles with {@code fromIndex <= index < toIndex} in index order (one scan:
   * rebuilding the rank graph at start reads every particle's text this way).
   */
  public void forEach(int fromIndex, int toIndex, java.util.function.Consumer<Particle> visitor) {
    if (fromIndex >= toIndex) {
      return;
    }
    db.scan(
        Column.PARTICLE_BY_INDEX,
        Keys.u32(Math.max(0, fromIndex)),
        Keys.u32(toIndex),
        (k, v) -> {
          visitor.accept(new Particle(Keys.readU32(k, 0), key(v), ParticleText.render(key(v), v[0])));
          return true;
        });
  }

  /** Canonical keys for indices that must exist, in the order asked. */
  List<byte[]> keysOf(int[] indices) {
    List<byte[]> keys = new ArrayList<>(indices.length);
    for (int index : indices) {
      keys.add(Keys.u32(index));
    }
    List<byte[]> values = db.multiGet(Column.PARTICLE_BY_INDEX, keys);
    List<byte[]> particleKeys = new ArrayList<>(indices.length);
    for (int i = 0; i < indices.length; i++) {
      if (values.get(i) == null) {
        throw new StoreException("particle " + indices[i] + " is missing from the store");
      }
      particleKeys.add(key(values.get(i)));
    }
    return particleKeys;
  }

  /**
   * Writes a particle whose text is the rendering of its key in {@code form}. Its key enters the
   * filter now, before the batch is written, so the filter never denies a stored key (a batch
   * that then fails leaves only a false "maybe").
   */
  void put(WriteBatch batch, Particle p, int form) {
    keys.add(p.key());
    byte[] v = new byte[1 + p.key().length];
    v[0] = (byte) form;
    System.arraycopy(p.key(), 0, v, 1, p.key().length);
    db.put(batch, Column.PARTICLE_BY_INDEX, Keys.u32(p.index()), v);
    db.put(batch, Column.PARTICLE_BY_KEY, p.key(), Keys.u32(p.index()));
  }

  private static byte[] key(byte[] value) {
    return Arrays.copyOfRange(value, 1, value.length);
  }
}
