package io.cybergraph.store;

/**
 * A focus vector a catching-up node fetched from peers and verified (rank snapshot sync): the
 * vector is stored in the focus table at {@code height}; this records what it was checked
 * against, so a restarted node installs it without fetching it again.
 *
 * @param height the height of the focus
 * @param headerHeight the header whose {@code rank_root} commits to it (height + rank lag)
 * @param root that rank root
 */
public record FetchedFocus(long height, long headerHeight, byte[] root) {

  public FetchedFocus {
    if (height < 1 || headerHeight <= height || root.length != 32) {
      throw new IllegalArgumentException("fetched focus: height " + height + ", header "
          + headerHeight + ", root of " + root.length + " bytes");
    }
    root = root.clone();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  byte[] encode() {
    return java.nio.ByteBuffer.allocate(48).putLong(height).putLong(headerHeight).put(root).array();
  }

  static FetchedFocus decode(byte[] v) {
    if (v.length != 48) {
      throw new StoreException("store meta key 'fetched_focus' has " + v.length
          + " bytes, expected 48");
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v);
    long height = b.getLong();
    long header = b.getLong();
    byte[] root = new byte[32];
    b.get(root);
    return new FetchedFocus(height, header, root);
  }
}
