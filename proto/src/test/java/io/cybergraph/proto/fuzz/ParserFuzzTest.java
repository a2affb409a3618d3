package io.cybergraph.proto.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.cid.InvalidCidException;
import io.cybergraph.proto.codec.DecodedTx;
import io.cybergraph.proto.codec.InvalidTxException;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.Address;
import org.junit.jupiter.api.Tag;

/**
 * Hostile input reaches these parsers from RPC and peers: they may only refuse with their
 * declared exception, and what they accept is canonical. Without JAZZER_FUZZ=1 this runs as a
 * regression test over the inputs in
 * src/test/resources/io/cybergraph/proto/fuzz/ParserFuzzTestInputs/; with it, Jazzer fuzzes.
 *
 * <p>Tagged {@code fuzz}: the module's pom runs the fuzz targets in their own JVM (execution
 * {@code fuzz-regression}, part of every {@code mvn verify}), away from the agent's
 * instrumentation. To fuzz one target: {@code JAZZER_FUZZ=1 mvn -o -pl proto test
 * -Dtest=ParserFuzzTest#cidParse -DexcludedGroups=none}; the corpus grows in
 * {@code proto/.cifuzz-corpus/} (ignored by git), and inputs worth keeping go to the
 * {@code …Inputs/} folder above.
 */
@Tag("fuzz")
class ParserFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void cidParse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      Cid cid = Cid.parse(text);
      // anything accepted round-trips to its key and keeps its text
      assertEquals(text, cid.text());
      assertArrayEquals(cid.key(), Cid.parse(cid.toV1String()).key());
    } catch (InvalidCidException expected) {
      // declared refusal
    }
  }

  @FuzzTest(maxDuration = "60s")
  void txDecode(FuzzedDataProvider data) {
    byte[] raw = data.consumeRemainingAsBytes();
    try {
      DecodedTx tx = TxCodec.decode(raw);
      // anything accepted is canonical: it re-encodes to the bytes received
      assertArrayEquals(raw, Protobufs.encode(tx.txRaw()));
      assertArrayEquals(tx.txRaw().getBodyBytes().toByteArray(), Protobufs.encode(tx.body()));
      tx.signatureValid();
    } catch (InvalidTxException expected) {
      // declared refusal
    }
  }

  @FuzzTest(maxDuration = "60s")
  void addressParse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      byte[] address = Address.fromBech32(text);
      assertEquals(text.toLowerCase(java.util.Locale.ROOT), Address.toBech32(address));
    } catch (IllegalArgumentException expected) {
      // declared refusal
    }
  }
}
