package io.cybergraph.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cybergraph.node.home.CappedFile;
import io.cybergraph.node.home.IoErrors;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads {@code genesis.json} and checks every field, naming the field in the error. The genesis
 * hash is SHA-256 of the file's bytes, so any edit (even whitespace) makes another chain.
 */
public final class GenesisLoader {
  /** Total supply must stay below this so every rank sum fits in 64 bits (spec §1). */
  public static final BigInteger MAX_SUPPLY_EXCLUSIVE = BigInteger.ONE.shiftLeft(62);

  /**
   * Genesis times allowed: block times are int64 nanoseconds (they end in 2262) and must keep
   * room to grow; before 1970 they would be negative.
   */
  public static final Instant EARLIEST_TIME = Instant.EPOCH;
  public static final Instant LATEST_TIME = Instant.parse("2200-01-01T00:00:00Z");

  /** What a chain ID is; {@code cyber tx --chain-id} checks the same before signing. */
  public static final String CHAIN_ID_RULE =
      "must be 1..50 characters of letters, digits, '.', '_' or '-'";

  /** Keeps the sum of voting powers far from overflow in > 2/3 arithmetic. */
  public static final long MAX_TOTAL_POWER = 1L << 60;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private GenesisLoader() {}

  /** Loads and validates the file; {@link ConfigException} names the file and the field. */
  public static ChainGenesis load(Path file) {
    byte[] bytes;
    try {
      bytes = CappedFile.read(file, CappedFile.GENESIS_MAX);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + IoErrors.describe(e), e);
    }
    return parse(bytes, file.getFileName().toString());
  }

  /** Parses and validates genesis bytes; {@code name} prefixes error messages. */
  public static ChainGenesis parse(byte[] bytes, String name) {
    Genesis g;
    try {
      g = JSON.readValue(bytes, Genesis.class);
    } catch (JsonMappingException e) {
      throw new ConfigException(name + ": " + FieldPath.of(e) + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw new ConfigException(name + ": malformed JSON: " + msg, e);
    }
    if (g == null) {
      throw new ConfigException(name + ": empty file");
    }
    return validate(g, Hashes.sha256(bytes), name);
  }

  /** Writes a genesis as pretty JSON (used by {@code cyber init} and {@code cyber testnet}). */
  public static byte[] toJson(Genesis g) {
    try {
      return JSON.writeValueAsBytes(g);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ChainGenesis validate(Genesis g, byte[] hash, String name) {
    Checker c = new Checker(name);
    c.require(isValidChainId(g.chainId), "chain_id", CHAIN_ID_RULE);
    c.require(g.genesisTime != null, "genesis_time", "is required (RFC 3339, e.g. 2026-01-01T00:00:00Z)");
    Instant time;
    try {
      time = Instant.parse(g.genesisTime);
    } catch (DateTimeParseException e) {
      throw c.fail("genesis_time", "'" + g.genesisTime + "' is not an RFC 3339 UTC time");
    }
    c.require(!time.isBefore(EARLIEST_TIME) && !time.isAfter(LATEST_TIME), "genesis_time",
        "'" + g.genesisTime + "' is out of range (" + EARLIEST_TIME + ".." + LATEST_TIME + ")");
    long timeNs = time.getEpochSecond() * 1_000_000_000L + time.getNano(); // in range: fits

    c.require(g.validators != null && !g.validators.isEmpty(), "validators", "at least one validator is required");
    List<ChainGenesis.Validator> validators = new ArrayList<>();
    TreeSet<String> seenKeys = new TreeSet<>();
    long totalPower = 0;
    for (int i = 0; i < g.validators.size(); i++) {
      Genesis.GenesisValidator v = g.validators.get(i);
      String field = "validators[" + i + "]";
      c.require(v != null, field, "must be an object");
      byte[] pub = c.hex(v.publicKey, field + ".public_key", 32);
      c.require(seenKeys.add(v.publicKey.toLowerCase()), field + ".public_key", "duplicate validator key");
      c.require(v.power > 0, field + ".power", "must be > 0, got " + v.power);
      totalPower += v.power;
      c.require(totalPower <= MAX_TOTAL_POWER, field + ".power", "total power exceeds 2^60");
      validators.add(new ChainGenesis.Validator(v.name == null ? "" : v.name, Address.fromPublicKey(pub), pub, v.power));
    }

    List<ChainGenesis.Account> accounts = new ArrayList<>();
    TreeSet<String> seenAddresses = new TreeSet<>();
    BigInteger supply = BigInteger.ZERO;
    List<Genesis.GenesisAccount> gAccounts = g.accounts == null ? List.of() : g.accounts;
    for (int i = 0; i < gAccounts.size(); i++) {
      Genesis.GenesisAccount a = gAccounts.get(i);
      String field = "accounts[" + i + "]";
      c.require(a != null && a.address != null, field + ".address", "is required");
      byte[] address;
      try {
        address = Address.fromBech32(a.address);
      } catch (IllegalArgumentException e) {
        throw c.fail(field + ".address", e.getMessage());
      }
      c.require(seenAddresses.add(HexFormat.of().formatHex(address)), field + ".address", "duplicate account " + a.address);
      c.require(a.balance != null && a.balance.matches("0|[1-9][0-9]{0,19}"), field + ".balance",
          "must be a non-negative integer string, got " + a.balance);
      BigInteger balance = new BigInteger(a.balance);
      supply = supply.add(balance);
      c.require(supply.compareTo(MAX_SUPPLY_EXCLUSIVE) < 0, field + ".balance", "total supply must stay below 2^62");
      accounts.add(new ChainGenesis.Account(a.name == null ? "" : a.name, address, balance.longValueExact()));
    }

    // no stake at all: every transaction would be refused (zero_stake) forever
    c.require(supply.signum() > 0, "accounts", "total supply is 0: give an account a balance");

    c.require(g.rank != null, "rank", "is required");
    // 0 would have header h commit to the focus of block h itself, unknown while making it
    c.require(g.rank.lagBlocks >= 1 && g.rank.lagBlocks <= 1000, "rank.lag_blocks", "must be 1..1000");
    io.cybergraph.rank.RankParams rankParams;
    try {
      rankParams = g.rank.toRankParams();
    } catch (io.cybergraph.rank.InvalidParameterException e) {
      throw c.fail("rank." + e.parameter(), e.getMessage().substring(e.parameter().length() + 2));
    } catch (NullPointerException e) {
      throw c.fail("rank", "every parameter needs a value");
    }

    c.require(g.bandwidth != null, "bandwidth", "is required");
    c.require(g.bandwidth.windowBlocks >= 1, "bandwidth.window_blocks", "must be >= 1");
    c.require(g.bandwidth.budgetLinks >= 1 && g.bandwidth.budgetLinks < (1L << 40),
        "bandwidth.budget_links", "must be 1..2^40");

    c.require(g.block != null, "block", "is required");
    c.require(g.block.maxLinks >= 1, "block.max_links", "must be >= 1");
    c.require(g.block.maxBytes >= 4096, "block.max_bytes", "must be >= 4096");
    c.require(g.block.maxTxLinks >= 1 && g.block.maxTxLinks <= g.block.maxLinks,
        "block.max_tx_links", "must be 1..block.max_links");
    c.require(g.block.maxMemoBytes == null
            || (g.block.maxMemoBytes >= 0 && g.block.maxMemoBytes <= 65_536),
        "block.max_memo_bytes", "must be 0..65536");

    c.require(g.evidence != null, "evidence", "is required");
    c.require(g.evidence.maxAgeBlocks >= 1, "evidence.max_age_blocks", "must be >= 1");
    c.require(g.evidence.maxPerBlock >= 0 && g.evidence.maxPerBlock <= 10_000,
        "evidence.max_per_block", "must be 0..10000");

    return new ChainGenesis(g, hash, timeNs, rankParams, List.copyOf(validators), List.copyOf(accounts), supply.longValueExact());
  }

  /** True when {@code chainId} follows {@link #CHAIN_ID_RULE}. */
  public static boolean isValidChainId(String chainId) {
    return chainId != null && chainId.matches("[A-Za-z0-9._-]{1,50}");
  }

  /** Collects the file name so each failure names file and field. */
  static final class Checker {
    private final String file;

    Checker(String file) {
      this.file = file;
    }

    void require(boolean ok, String field, String reason) {
      if (!ok) {
        throw fail(field, reason);
      }
    }

    ConfigException fail(String field, String reason) {
      return new ConfigException(file + ": " + field + ": " + reason);
    }

    byte[] hex(String value, String field, int length) {
      require(value != null, field, "is required");
      byte[] out;
      try {
        out = HexFormat.of().parseHex(value);
      } catch (IllegalArgumentException e) {
        throw fail(field, "not hex: " + value);
      }
      require(out.length == length, field, "must be " + length + " bytes, got " + out.length);
      return out;
    }
  }
}
