/** Keys, signatures, hashes and addresses: SHA-256, Ed25519 (Bouncy Castle), bech32 {@code cyber1...}. */
package io.cybergraph.proto.crypto;
