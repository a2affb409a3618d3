/** The consensus write-ahead log: CRC32C-framed records in size-rotated segment files. */
package io.cybergraph.consensus.wal;
