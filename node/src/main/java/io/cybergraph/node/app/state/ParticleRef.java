package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;

/**
 * A particle as the chain knows it: its dense index (first-seen order from 0), its canonical
 * key (binary CIDv1, so a CIDv0 and its CIDv1 are one particle) and the text it was first
 * linked with, which is also its id in the rank engine.
 */
public record ParticleRef(int index, ByteKey key, String text) {}
