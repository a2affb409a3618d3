package io.cybergraph.store;

/**
 * What the store keeps about a committed height besides the block itself: its hash, the app
 * hash after it, where its links sit in the link log and how many transactions it has.
 */
public record BlockInfo(
    long height, byte[] blockHash, byte[] appHash, long firstLinkSeq, int linkCount, int txCount) {}
