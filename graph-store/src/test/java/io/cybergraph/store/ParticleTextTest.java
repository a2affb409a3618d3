package io.cybergraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParticleTextTest {

  /** The binary CIDv1 of a CIDv0: dag-pb, sha2-256, 32 bytes of digest. */
  private static byte[] v0Key(SplittableRandom random) {
    byte[] key = new byte[36];
    random.nextBytes(key);
    key[0] = 0x01;
    key[1] = 0x70;
    key[2] = 0x12;
    key[3] = 0x20;
    return key;
  }

  @Test
  void aV0KeyHasBothFormsAndNothingElse() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 2_000; i++) {
      byte[] key = v0Key(random);
      String v0 = ParticleText.render(key, ParticleText.CIDV0);
      String v1 = ParticleText.render(key, ParticleText.CIDV1_BASE32);
      assertEquals(ParticleText.CIDV0, ParticleText.formOf(key, v0), v0);
      assertEquals(ParticleText.CIDV1_BASE32, ParticleText.formOf(key, v1), v1);
      assertEquals(-1, ParticleText.formOf(v0Key(random), v0), "another key's text");
    }
  }

  @Test
  void nearMissesOfAV0TextAreRefused() {
    byte[] key = v0Key(new SplittableRandom(9));
    String v0 = ParticleText.render(key, ParticleText.CIDV0);
    String[] nearMisses = {
      v0 + "1", // one more digit: 58 times the number
      v0 + "z",
      v0.substring(0, v0.length() - 1), // one digit fewer
      v0.substring(0, 10) + "0" + v0.substring(11), // '0', 'O', 'I', 'l' are not base58btc
      v0.substring(0, 10) + "O" + v0.substring(11),
      v0.substring(0, 10) + "l" + v0.substring(11),
      v0.substring(0, 10) + "é" + v0.substring(11),
      "Qm",
      "Qm" + " ".repeat(44),
    };
    for (String text : nearMisses) {
      assertEquals(-1, ParticleText.formOf(key, text), text);
    }
  }

  @Test
  void aV1TextIsNotAcceptedForAV0FormAndViceVersa() {
    byte[] raw = v0Key(new SplittableRandom(3));
    raw[1] = 0x55; // raw codec: no CIDv0 exists for it
    String v1 = ParticleText.render(raw, ParticleText.CIDV1_BASE32);
    assertEquals(ParticleText.CIDV1_BASE32, ParticleText.formOf(raw, v1));
    byte[] v0 = raw.clone();
    v0[1] = 0x70;
    assertEquals(-1, ParticleText.formOf(raw, ParticleText.render(v0, ParticleText.CIDV0)));
    assertEquals(-1, ParticleText.formOf(raw, v1.toUpperCase(java.util.Locale.ROOT)));
  }
}
