/**
 * Encodings that are signed or hashed: deterministic protobuf, transaction decoding and
 * building, vote and proposal sign bytes, block hashes and parts, and the app hash leaves.
 */
package io.cybergraph.proto.codec;
