package io.cybergraph.proto.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Ed25519Test {

  private static final HexFormat HEX = HexFormat.of();

  /** RFC 8032 section 7.1, tests 1 to 3. */
  @ParameterizedTest
  @CsvSource({
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
        + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,"
        + "'',"
        + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
        + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,"
        + "72,"
        + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
        + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,"
        + "af82,"
        + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
  })
  void rfc8032Vectors(String seedHex, String publicHex, String msgHex, String sigHex) {
    byte[] seed = HEX.parseHex(seedHex);
    byte[] msg = HEX.parseHex(msgHex == null ? "" : msgHex);
    assertArrayEquals(HEX.parseHex(publicHex), Ed25519.publicKey(seed));
    assertArrayEquals(HEX.parseHex(sigHex), Ed25519.sign(seed, msg));
    assertArrayEquals(HEX.parseHex(sigHex), KeyPair.fromSeed(seed).sign(msg));
    assertTrue(Ed25519.verify(HEX.parseHex(publicHex), msg, HEX.parseHex(sigHex)));
  }

  /**
   * Verification with a cached decoded key answers exactly as Bouncy Castle's verification of
   * the encoded key: valid and tampered signatures, random keys (about half are not points),
   * non-canonical and small-order encodings, the same key asked many times.
   */
  @Test
  void cachedKeysVerifyExactlyAsEncodedKeys() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(8032);
    java.util.List<byte[]> keys = new java.util.ArrayList<>();
    java.util.List<KeyPair> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      pairs.add(KeyPair.fromSeed(seed));
      keys.add(pairs.get(i).publicKey());
    }
    for (int i = 0; i < 40; i++) {
      byte[] k = new byte[32];
      random.nextBytes(k);
      keys.add(k);
    }
    byte[] identity = new byte[32];
    identity[0] = 1; // y = 1: the neutral element (small order)
    keys.add(identity);
    byte[] negativeZeroX = identity.clone();
    negativeZeroX[31] = (byte) 0x80; // x = 0 with the sign bit set: not canonical
    keys.add(negativeZeroX);
    byte[] yAboveP = new byte[32];
    java.util.Arrays.fill(yAboveP, (byte) 0xff);
    yAboveP[31] = 0x7f; // y = 2^255 - 1 >= p
    keys.add(yAboveP);
    int agreedValid = 0;
    for (int round = 0; round < 3; round++) { // again with the keys cached
      for (int i = 0; i < pairs.size(); i++) {
        byte[] msg = ("message " + i + " " + round).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sig = pairs.get(i).sign(msg);
        for (byte[] key : keys) {
          boolean expected = Ed25519.verifyUncached(key, msg, sig);
          assertEquals(expected, Ed25519.verify(key, msg, sig));
          agreedValid += expected ? 1 : 0;
          byte[] tampered = sig.clone();
          tampered[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
          assertEquals(Ed25519.verifyUncached(key, msg, tampered), Ed25519.verify(key, msg, tampered));
          byte[] noise = new byte[64];
          random.nextBytes(noise);
          assertEquals(Ed25519.verifyUncached(key, msg, noise), Ed25519.verify(key, msg, noise));
        }
      }
    }
    assertEquals(3 * pairs.size(), agreedValid, "each signature verifies under its own key only");
  }

  @Test
  void tamperedMessageSignatureOrKeyFailsWithoutException() {
    KeyPair keys = KeyPair.generate(new SecureRandom());
    byte[] msg = "cyberlink".getBytes();
    byte[] sig = keys.sign(msg);
    assertTrue(Ed25519.verify(keys.publicKey(), msg, sig));

    byte[] otherMsg = msg.clone();
    otherMsg[0] ^= 1;
    assertFalse(Ed25519.verify(keys.publicKey(), otherMsg, sig));
    for (int i = 0; i < sig.length; i += 7) {
      byte[] badSig = sig.clone();
      badSig[i] ^= 0x10;
      assertFalse(Ed25519.verify(keys.publicKey(), msg, badSig), "flipped signature byte " + i);
    }
    byte[] otherKey = keys.publicKey();
    otherKey[3] ^= 1;
    assertFalse(Ed25519.verify(otherKey, msg, sig));
  }

  @Test
  void wrongLengthsAndNullsAreFalseNotExceptions() {
    KeyPair keys = KeyPair.fromSeed(new byte[32]);
    byte[] msg = {1, 2, 3};
    byte[] sig = keys.sign(msg);
    assertFalse(Ed25519.verify(new byte[31], msg, sig));
    assertFalse(Ed25519.verify(keys.publicKey(), msg, new byte[63]));
    assertFalse(Ed25519.verify(keys.publicKey(), msg, new byte[65]));
    assertFalse(Ed25519.verify(null, msg, sig));
    assertFalse(Ed25519.verify(keys.publicKey(), null, sig));
    assertFalse(Ed25519.verify(keys.publicKey(), msg, null));
    // an all-ones key is not a valid point encoding
    byte[] junk = new byte[32];
    java.util.Arrays.fill(junk, (byte) 0xff);
    assertFalse(Ed25519.verify(junk, msg, sig));
  }

  @Test
  void signatureWithScalarAboveGroupOrderIsRefused() {
    // S + L (L = group order) verifies under a lax check; RFC 8032 requires S < L.
    byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    byte[] pub = Ed25519.publicKey(seed);
    byte[] sig = Ed25519.sign(seed, new byte[0]);
    java.math.BigInteger l =
        java.math.BigInteger.ONE.shiftLeft(252).add(new java.math.BigInteger("27742317777372353535851937790883648493"));
    byte[] sLe = java.util.Arrays.copyOfRange(sig, 32, 64);
    java.math.BigInteger s = new java.math.BigInteger(1, reverse(sLe)).add(l);
    byte[] sPlusL = reverse(toFixed(s, 32));
    byte[] malleated = sig.clone();
    System.arraycopy(sPlusL, 0, malleated, 32, 32);
    assertFalse(Ed25519.verify(pub, new byte[0], malleated));
  }

  @Test
  void seedsAreThirtyTwoRandomBytes() {
    byte[] a = Ed25519.newSeed(new SecureRandom());
    byte[] b = Ed25519.newSeed(new SecureRandom());
    assertEquals(32, a.length);
    assertFalse(java.util.Arrays.equals(a, b));
    assertThrows(IllegalArgumentException.class, () -> Ed25519.publicKey(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> Ed25519.sign(new byte[33], new byte[0]));
  }

  @Test
  void keyPairNeverShowsItsSeed() {
    KeyPair keys = KeyPair.fromSeed(new byte[32]);
    assertFalse(keys.toString().contains(HEX.formatHex(new byte[32])));
    assertArrayEquals(Address.fromPublicKey(keys.publicKey()), keys.address());
  }

  private static byte[] reverse(byte[] b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[b.length - 1 - i];
    }
    return out;
  }

  private static byte[] toFixed(java.math.BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    return out;
  }
}
