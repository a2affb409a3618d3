/**
 * The protocol: generated message classes ({@code io.cybergraph.proto.pb}), sign bytes,
 * hashes, RFC 6962 Merkle trees, keys and addresses, and CID parsing.
 */
package io.cybergraph.proto;
