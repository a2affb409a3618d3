/**
 * Validator signing with double-sign protection: the last signed step is stored before a signature
 * leaves.
 */
package io.cybergraph.consensus.signer;
