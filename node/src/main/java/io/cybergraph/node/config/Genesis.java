package io.cybergraph.node.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code config/genesis.json}: what every node of a chain must agree on before block 1. Loaded
 * and checked by {@link GenesisLoader}; balances are JSON strings since they can exceed 2^53.
 */
public final class Genesis {
  @JsonProperty("chain_id")
  public String chainId;

  /** RFC 3339 UTC time, e.g. {@code 2026-11-23T12:00:00Z}: the time of block 1. */
  @JsonProperty("genesis_time")
  public String genesisTime;

  public List<GenesisValidator> validators = new ArrayList<>();
  public List<GenesisAccount> accounts = new ArrayList<>();
  public RankGenesis rank = new RankGenesis();
  public BandwidthGenesis bandwidth = new BandwidthGenesis();
  public BlockGenesis block = new BlockGenesis();
  public EvidenceGenesis evidence = new EvidenceGenesis();

  /** One validator: its Ed25519 public key (hex) and voting power. */
  public static final class GenesisValidator {
    public String name = "";

    @JsonProperty("public_key")
    public String publicKey;

    public long power;
  }

  /** One funded account: bech32 address and balance (= stake) in base units. */
  public static final class GenesisAccount {
    public String name = "";
    public String address;
    public String balance;
  }

  /**
   * The tri-kernel rule's parameters (spec §2), written as the spec writes them (rationals as
   * decimal strings or {@code p/q}), plus the pipeline lag.
   */
  public static final class RankGenesis {
    public String alpha = "0.85";

    @JsonProperty("lambda_d")
    public String lambdaD = "0.5";

    @JsonProperty("lambda_s")
    public String lambdaS = "0.3";

    @JsonProperty("lambda_h")
    public String lambdaH = "0.2";

    public String mu = "1";
    public String tau = "1";

    @JsonProperty("springs_terms")
    public int springsTerms = 8;

    @JsonProperty("heat_terms")
    public int heatTerms = 10;

    public String tolerance = "1e-9";

    @JsonProperty("max_iterations")
    public int maxIterations = 20;

    /** The header at height h commits to the focus of height max(0, h - lag_blocks). */
    @JsonProperty("lag_blocks")
    public int lagBlocks = 2;

    /**
     * The engine's parameters; throws {@link io.cybergraph.rank.InvalidParameterException}
     * naming the parameter when one is malformed or out of range.
     */
    public io.cybergraph.rank.RankParams toRankParams() {
      return io.cybergraph.rank.RankParams.builder()
          .set("alpha", alpha)
          .set("lambda_d", lambdaD)
          .set("lambda_s", lambdaS)
          .set("lambda_h", lambdaH)
          .set("mu", mu)
          .set("tau", tau)
          .set("springs_terms", Integer.toString(springsTerms))
          .set("heat_terms", Integer.toString(heatTerms))
          .set("tolerance", tolerance)
          .set("max_iterations", Integer.toString(maxIterations))
          .build();
    }
  }

  /** The bandwidth rule (design "Stake and bandwidth"). */
  public static final class BandwidthGenesis {
    @JsonProperty("window_blocks")
    public long windowBlocks = 100;

    @JsonProperty("budget_links")
    public long budgetLinks = 2_000_000;
  }

  /** Per-block and per-transaction limits. */
  public static final class BlockGenesis {
    public static final int DEFAULT_MAX_MEMO_BYTES = 256;

    @JsonProperty("max_links")
    public int maxLinks = 20_000;

    @JsonProperty("max_bytes")
    public int maxBytes = 4 << 20;

    @JsonProperty("max_tx_links")
    public int maxTxLinks = 1_000;

    /**
     * The memo's UTF-8 bytes one tx may carry: the memo costs no bandwidth, so without a limit
     * a tx of one Send could store a block's worth of bytes for the price of one link. Absent
     * (null): no limit, as for every chain made before the rule, so their blocks stay valid;
     * {@code cyber init} and {@code cyber testnet} write {@link #DEFAULT_MAX_MEMO_BYTES}.
     */
    @JsonProperty("max_memo_bytes")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Integer maxMemoBytes;
  }

  /** Evidence of misbehaviour (docs/evidence.md). */
  public static final class EvidenceGenesis {
    /** Evidence of height e may be included in a block at height h while h − e ≤ this. */
    @JsonProperty("max_age_blocks")
    public long maxAgeBlocks = 100_000;

    /** At most this many evidence items in one block. */
    @JsonProperty("max_per_block")
    public int maxPerBlock = 50;
  }
}
