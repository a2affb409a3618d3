package io.cybergraph.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.rocksdb.WriteBatch;

/**
 * Particles both ways: {@code particle_by_key} (canonical key → index) and
 * {@code particle_by_index} (index → key length ‖ key ‖ text as first linked). Everything else
 * refers to a particle by its 4-byte index.
 */
public final class ParticleTable {
  static final int MAX_KEY_BYTES = 255;

  private final Db db;

  ParticleTable(Db db) {
    this.db = db;
  }

  /** The index of the particle with this canonical key. */
  public OptionalInt indexOf(byte[] key) {
    byte[] v = db.get(Column.PARTICLE_BY_KEY, key);
    return v == null ? OptionalInt.empty() : OptionalInt.of(Keys.readU32(v, 0));
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
    return v == null ? Optional.empty() : Optional.of(decode(index, v));
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
        (key, value) -> {
          int index = Keys.readU32(key, 0);
          visitor.accept(decode(index, value));
          return true;
        });
  }

  /** Particles for indices that must exist, in the order asked. */
  List<Particle> byIndices(int[] indices) {
    List<byte[]> keys = new ArrayList<>(indices.length);
    for (int index : indices) {
      keys.add(Keys.u32(index));
    }
    List<byte[]> values = db.multiGet(Column.PARTICLE_BY_INDEX, keys);
    List<Particle> particles = new ArrayList<>(indices.length);
    for (int i = 0; i < indices.length; i++) {
      if (values.get(i) == null) {
        throw new StoreException("particle " + indices[i] + " is missing from the store");
      }
      particles.add(decode(indices[i], values.get(i)));
    }
    return particles;
  }

  /** Which of these keys are already stored. */
  List<byte[]> known(List<byte[]> keys) {
    List<byte[]> found = db.multiGet(Column.PARTICLE_BY_KEY, keys);
    List<byte[]> known = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      if (found.get(i) != null) {
        known.add(keys.get(i));
      }
    }
    return known;
  }

  void put(WriteBatch batch, Particle p) {
    byte[] text = p.text().getBytes(StandardCharsets.UTF_8);
    byte[] v =
        ByteBuffer.allocate(1 + p.key().length + text.length)
            .put((byte) p.key().length)
            .put(p.key())
            .put(text)
            .array();
    db.put(batch, Column.PARTICLE_BY_INDEX, Keys.u32(p.index()), v);
    db.put(batch, Column.PARTICLE_BY_KEY, p.key(), Keys.u32(p.index()));
  }

  private static Particle decode(int index, byte[] v) {
    int keyLength = v[0] & 0xff;
    byte[] key = java.util.Arrays.copyOfRange(v, 1, 1 + keyLength);
    String text = new String(v, 1 + keyLength, v.length - 1 - keyLength, StandardCharsets.UTF_8);
    return new Particle(index, key, text);
  }
}
