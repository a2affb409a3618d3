package io.cybergraph.node.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Ed25519;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenesisLoaderTest {
  private static final byte[] SEED = new byte[32];
  private static final byte[] PUB = Ed25519.publicKey(SEED);
  private static final String PUB_HEX = HexFormat.of().formatHex(PUB);
  private static final String ADDR = Address.toBech32(Address.fromPublicKey(PUB));

  static String genesis(String validators, String accounts, String extra) {
    return "{\"chain_id\":\"test-1\",\"genesis_time\":\"2026-01-02T03:04:05.5Z\","
        + "\"validators\":" + validators + ",\"accounts\":" + accounts + extra + "}";
  }

  static String okValidators() {
    return "[{\"name\":\"v0\",\"public_key\":\"" + PUB_HEX + "\",\"power\":10}]";
  }

  static String okAccounts() {
    return "[{\"name\":\"validator\",\"address\":\"" + ADDR + "\",\"balance\":\"1000000\"}]";
  }

  static ChainGenesis parse(String json) {
    return GenesisLoader.parse(json.getBytes(StandardCharsets.UTF_8), "genesis.json");
  }

  @Test
  void validGenesisIsParsedWithDerivedValues() {
    String json = genesis(okValidators(), okAccounts(), "");
    ChainGenesis g = parse(json);
    assertEquals("test-1", g.chainId());
    assertEquals(1_767_323_045_500_000_000L, g.genesisTimeNs());
    assertArrayEquals(Address.fromPublicKey(PUB), g.validators().get(0).address());
    assertEquals(10, g.validators().get(0).power());
    assertEquals(1_000_000L, g.totalSupply());
    assertEquals(2, g.file().rank.lagBlocks);
    assertEquals(100, g.file().bandwidth.windowBlocks);
    assertEquals(100_000, g.file().evidence.maxAgeBlocks, "defaults when the section is absent");
    assertEquals(50, g.file().evidence.maxPerBlock);
  }

  /** A genesis made before the memo rule has no limit, so its chain's blocks stay valid. */
  @Test
  void theMemoLimitIsTheGenesisOwnOrNoneWhenAbsent() {
    ChainGenesis before = parse(genesis(okValidators(), okAccounts(), ""));
    assertEquals(Integer.MAX_VALUE, io.cybergraph.node.app.ChainRules.of(before).maxMemoBytes());
    ChainGenesis with = parse(genesis(okValidators(), okAccounts(),
        ",\"block\":{\"max_memo_bytes\":100}"));
    assertEquals(100, io.cybergraph.node.app.ChainRules.of(with).maxMemoBytes());
  }

  @Test
  void hashIsOfTheExactBytes() {
    ChainGenesis a = parse(genesis(okValidators(), okAccounts(), ""));
    ChainGenesis b = parse(genesis(okValidators(), okAccounts(), "") + " ");
    assertEquals(32, a.hash().length);
    assertTrue(!java.util.Arrays.equals(a.hash(), b.hash()), "whitespace changes the chain");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "chain_id|{\"chain_id\":\"\",\"genesis_time\":\"2026-01-01T00:00:00Z\"}",
        "genesis_time|{\"chain_id\":\"c\",\"genesis_time\":\"yesterday\"}",
        "validators|{\"chain_id\":\"c\",\"genesis_time\":\"2026-01-01T00:00:00Z\",\"validators\":[]}",
        "bogus|{\"chain_id\":\"c\",\"bogus\":1}",
        "malformed JSON|{\"chain_id\":",
      })
  void badTopLevelFieldsAreNamed(String field, String json) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(json));
    assertTrue(e.getMessage().contains(field), e.getMessage());
    assertTrue(e.getMessage().startsWith("genesis.json: "), e.getMessage());
  }

  @Test
  void badValidatorsAndAccountsAreNamed() {
    String dupVal = "[{\"public_key\":\"" + PUB_HEX + "\",\"power\":1},{\"public_key\":\"" + PUB_HEX + "\",\"power\":1}]";
    assertMessage("validators[1].public_key: duplicate", genesis(dupVal, okAccounts(), ""));
    assertMessage("validators[0].power: must be > 0",
        genesis("[{\"public_key\":\"" + PUB_HEX + "\",\"power\":0}]", okAccounts(), ""));
    assertMessage("validators[0].public_key: must be 32 bytes",
        genesis("[{\"public_key\":\"abcd\",\"power\":1}]", okAccounts(), ""));
    assertMessage("accounts[0].address",
        genesis(okValidators(), "[{\"address\":\"cyber1xyz\",\"balance\":\"1\"}]", ""));
    assertMessage("accounts[0].balance",
        genesis(okValidators(), "[{\"address\":\"" + ADDR + "\",\"balance\":\"-5\"}]", ""));
    assertMessage("accounts[1].address: duplicate", genesis(okValidators(),
        "[{\"address\":\"" + ADDR + "\",\"balance\":\"1\"},{\"address\":\"" + ADDR + "\",\"balance\":\"1\"}]", ""));
  }

  @Test
  void genesisTimeMustBeFrom1970To2200() {
    for (String ok : new String[] {"1970-01-01T00:00:00Z", "2200-01-01T00:00:00Z"}) {
      assertEquals(java.time.Instant.parse(ok).getEpochSecond() * 1_000_000_000L,
          parse(genesisAt(ok)).genesisTimeNs());
    }
    // the last two were taken, the solo producer's block time then overflowing to 2026
    for (String late : new String[] {"1969-12-31T23:59:59Z", "2200-01-01T00:00:00.000000001Z",
        "2262-04-11T23:47:16.854775807Z", "2262-04-12T00:00:00Z"}) {
      assertMessage("genesis_time: '" + late + "' is out of range"
          + " (1970-01-01T00:00:00Z..2200-01-01T00:00:00Z)", genesisAt(late));
    }
    assertMessage("genesis_time: 'soon' is not an RFC 3339 UTC time", genesisAt("soon"));
  }

  private static String genesisAt(String time) {
    return genesis(okValidators(), okAccounts(), "")
        .replace("2026-01-02T03:04:05.5Z", time);
  }

  @Test
  void aChainWithoutSupplyIsRefused() {
    String zero = "[{\"address\":\"" + ADDR + "\",\"balance\":\"0\"}]";
    assertMessage("accounts: total supply is 0", genesis(okValidators(), zero, ""));
    assertMessage("accounts: total supply is 0", genesis(okValidators(), "[]", ""));
  }

  @Test
  void supplyMustStayBelowTwoToThe62() {
    String other = Address.toBech32(Address.fromPublicKey(Ed25519.publicKey(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32})));
    String half = String.valueOf(1L << 61);
    assertMessage("accounts[1].balance: total supply must stay below 2^62", genesis(okValidators(),
        "[{\"address\":\"" + ADDR + "\",\"balance\":\"" + half + "\"},{\"address\":\"" + other + "\",\"balance\":\"" + half + "\"}]", ""));
  }

  @Test
  void badParameterSectionsAreNamed() {
    assertMessage("rank.lag_blocks", genesis(okValidators(), okAccounts(), ",\"rank\":{\"lag_blocks\":-1}"));
    assertMessage("rank.lag_blocks: must be 1..1000", genesis(okValidators(), okAccounts(), ",\"rank\":{\"lag_blocks\":0}"));
    assertMessage("rank.alpha", genesis(okValidators(), okAccounts(), ",\"rank\":{\"alpha\":\"1\"}"));
    assertMessage("rank.lambda", genesis(okValidators(), okAccounts(), ",\"rank\":{\"lambda_d\":\"0.9\"}"));
    assertMessage("bandwidth.window_blocks", genesis(okValidators(), okAccounts(), ",\"bandwidth\":{\"window_blocks\":0}"));
    assertMessage("block.max_tx_links", genesis(okValidators(), okAccounts(), ",\"block\":{\"max_links\":5,\"max_tx_links\":6}"));
    assertMessage("block.max_memo_bytes: must be 0..65536", genesis(okValidators(), okAccounts(), ",\"block\":{\"max_memo_bytes\":65537}"));
    assertMessage("evidence.max_age_blocks", genesis(okValidators(), okAccounts(), ",\"evidence\":{\"max_age_blocks\":0}"));
    assertMessage("evidence.max_per_block", genesis(okValidators(), okAccounts(), ",\"evidence\":{\"max_per_block\":-1}"));
  }

  @Test
  void pinRefusesAnotherGenesis(@TempDir Path data) throws Exception {
    byte[] a = parse(genesis(okValidators(), okAccounts(), "")).hash();
    byte[] b = parse(genesis(okValidators(), okAccounts(), " ")).hash();
    GenesisPin.pinOrCheck(data, a);
    GenesisPin.pinOrCheck(data, a);
    ConfigException e = assertThrows(ConfigException.class, () -> GenesisPin.pinOrCheck(data, b));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    assertEquals(HexFormat.of().formatHex(a) + "\n", Files.readString(data.resolve(GenesisPin.FILE_NAME)));
    // an empty pin (a power loss before it was synced, by an earlier version) is written anew
    Files.writeString(data.resolve(GenesisPin.FILE_NAME), "");
    GenesisPin.pinOrCheck(data, b);
    assertEquals(HexFormat.of().formatHex(b) + "\n", Files.readString(data.resolve(GenesisPin.FILE_NAME)));
  }

  private static void assertMessage(String expected, String json) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(json));
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
