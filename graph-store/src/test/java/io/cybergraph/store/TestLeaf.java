package io.cybergraph.store;

import java.nio.ByteBuffer;

/**
 * The link leaf of the protocol (neuron ‖ u16 len ‖ from key ‖ u16 len ‖ to key ‖ be64 height),
 * written here until the proto module's encoding lands on main.
 */
final class TestLeaf implements LinkLeaf {
  static final TestLeaf INSTANCE = new TestLeaf();

  @Override
  public byte[] encode(byte[] neuron, Particle from, Particle to, long height) {
    return ByteBuffer.allocate(20 + 2 + from.key().length + 2 + to.key().length + 8)
        .put(neuron)
        .putShort((short) from.key().length)
        .put(from.key())
        .putShort((short) to.key().length)
        .put(to.key())
        .putLong(height)
        .array();
  }
}
