package io.cybergraph.node.sync;

/**
 * A focus vector fetched from a peer whose rank root is the one a committed header carries.
 *
 * @param height the height of the focus
 * @param values focus by particle index
 * @param root the rank root it hashes to (with the particles' texts)
 * @param headerHeight the header that commits to it (height + rank lag)
 */
public record VerifiedFocus(long height, long[] values, byte[] root, long headerHeight) {}
