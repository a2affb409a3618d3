/**
 * The protocol: generated message classes ({@code io.cybergraph.proto.pb}), sign bytes,
 * hashes, RFC 6962 Merkle trees, keys and addresses, and CID parsing. Also the few helpers
 * every module shares, being the module they all depend on: {@link io.cybergraph.proto.Texts}
 * and {@link io.cybergraph.proto.LogThrottle}.
 */
package io.cybergraph.proto;
