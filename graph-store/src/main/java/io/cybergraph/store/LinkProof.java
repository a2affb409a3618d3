package io.cybergraph.store;

import java.util.List;

/**
 * An RFC 6962 inclusion proof of link {@code seq} in the link tree of the first
 * {@code treeSize} links: the encoded leaf and the audit path, sibling hashes from the leaf up.
 */
public record LinkProof(long seq, long treeSize, byte[] leaf, List<byte[]> path) {}
