/** Particles: CIDv0/CIDv1 parsing with base58btc, base32 and unsigned varints, and canonical particle keys. */
package io.cybergraph.proto.cid;
