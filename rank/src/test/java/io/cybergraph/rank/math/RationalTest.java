package io.cybergraph.rank.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RationalTest {
  @Test
  void parsesDecimalsFractionsAndExponents() {
    assertEquals("17/20", Rational.parse("0.85").toString());
    assertEquals("1/1000000000", Rational.parse("1e-9").toString());
    assertEquals("1/1000000000", Rational.parse("1E-9").toString());
    assertEquals("17/20", Rational.parse("34/40").toString());
    assertEquals("1", Rational.parse("1").toString());
    assertEquals("1", Rational.parse("1.000").toString());
    assertEquals("1500", Rational.parse("1.5e3").toString());
    assertEquals("-1/2", Rational.parse("-0.5").toString());
    assertEquals("-1/2", Rational.parse("1/-2").toString());
  }

  @Test
  void refusesWhatIsNotANumber() {
    for (String bad : new String[] {"", " 1", "abc", "1/", "/2", "1/0", "0x10", "1/2/3", "1e99999"}) {
      assertThrows(NumberFormatException.class, () -> Rational.parse(bad), bad);
    }
  }

  @Test
  void floorTimesPowerOfTwoIsExact() {
    assertEquals(934_584_883_609L, Rational.parse("0.85").floorTimesPowerOfTwo(40));
    assertEquals(1_152_921_504L, Rational.parse("1e-9").floorTimesPowerOfTwo(60));
  }
}
