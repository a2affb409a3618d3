package io.cybergraph.node.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code config/config.toml}: everything about how this node runs that is not agreed by the
 * chain (that is genesis). Every section has defaults, so a file may leave any out, but a file
 * with none of them is refused (emptied or cut short); an unknown key is an error naming it.
 */
public final class NodeConfig {
  public String moniker = "node";

  @JsonProperty("log_level")
  public String logLevel = "info";

  public RpcSection rpc = new RpcSection();
  public P2pSection p2p = new P2pSection();
  public ConsensusSection consensus = new ConsensusSection();
  public MempoolSection mempool = new MempoolSection();
  public MetricsSection metrics = new MetricsSection();
  public RankSection rank = new RankSection();
  public StoreSection store = new StoreSection();
  public EvidenceSection evidence = new EvidenceSection();

  /** Checks every bound; throws {@link ConfigException} naming the first bad key. */
  public void validate() {
    require(moniker != null && !moniker.isBlank(), "moniker", "must not be empty");
    // a newline or escape in a name shown in logs and /status would forge or garble lines
    require(moniker.chars().noneMatch(Character::isISOControl), "moniker",
        "must not contain control characters");
    require(
        logLevel != null && logLevel.matches("trace|debug|info|warn|error"),
        "log_level",
        "must be one of trace, debug, info, warn, error");
    rpc.validate();
    p2p.validate();
    consensus.validate();
    mempool.validate();
    metrics.validate();
    rank.validate();
    store.validate();
    evidence.validate();
    ListenPorts.requireApart(this);
  }

  static void require(boolean ok, String key, String reason) {
    if (!ok) {
      throw new ConfigException("config.toml: " + key + ": " + reason);
    }
  }

  static void requireAddress(String value, String key) {
    require(value != null && HostPort.isValid(value), key, "must be HOST:PORT, got '" + value + "'");
  }

  /** The query RPC server. */
  public static final class RpcSection {
    public String laddr = "127.0.0.1:26657";

    @JsonProperty("max_body_bytes")
    public int maxBodyBytes = 1 << 20;

    @JsonProperty("max_requests_per_second")
    public int maxRequestsPerSecond = 1000;

    @JsonProperty("max_page_size")
    public int maxPageSize = 100;

    @JsonProperty("max_open_connections")
    public int maxOpenConnections = 256;

    /** 0: no bound per address but {@code max_open_connections}. */
    @JsonProperty("max_connections_per_ip")
    public int maxConnectionsPerIp = 64;

    @JsonProperty("request_timeout_ms")
    public long requestTimeoutMs = 30_000;

    @JsonProperty("broadcast_commit_timeout_ms")
    public long broadcastCommitTimeoutMs = 10_000;

    /** Focus snapshots held for open rank cursors past the pipeline's lag + 1 (0..16). */
    @JsonProperty("rank_cursor_pins")
    public int rankCursorPins = 2;

    void validate() {
      requireAddress(laddr, "rpc.laddr");
      require(maxBodyBytes >= 1024, "rpc.max_body_bytes", "must be >= 1024");
      require(maxRequestsPerSecond > 0, "rpc.max_requests_per_second", "must be > 0");
      require(maxPageSize > 0 && maxPageSize <= 10_000, "rpc.max_page_size", "must be 1..10000");
      require(maxOpenConnections > 0, "rpc.max_open_connections", "must be > 0");
      // above max_open_connections it is no bound of its own (the total binds first): a node
      // that lowers the total need not lower this too
      require(maxConnectionsPerIp >= 0,
          "rpc.max_connections_per_ip", "must be >= 0 (0: no bound per address), got "
              + maxConnectionsPerIp);
      require(requestTimeoutMs > 0, "rpc.request_timeout_ms", "must be > 0");
      require(broadcastCommitTimeoutMs > 0, "rpc.broadcast_commit_timeout_ms", "must be > 0");
      require(rankCursorPins >= 0 && rankCursorPins <= 16, "rpc.rank_cursor_pins",
          "must be 0..16");
    }
  }

  /** Peer-to-peer networking. */
  public static final class P2pSection {
    public String laddr = "0.0.0.0:26656";

    @JsonProperty("external_address")
    public String externalAddress = "";

    /** Comma-separated {@code ID@HOST:PORT} entries. */
    @JsonProperty("persistent_peers")
    public String persistentPeers = "";

    @JsonProperty("max_inbound")
    public int maxInbound = 40;

    /**
     * Inbound connections from one IP address (IPv6: one /64), so that one host cannot take
     * every inbound slot; 0: no bound per address but {@code max_inbound}.
     */
    @JsonProperty("max_inbound_per_ip")
    public int maxInboundPerIp = 8;

    @JsonProperty("max_outbound")
    public int maxOutbound = 10;

    @JsonProperty("max_frame_bytes")
    public int maxFrameBytes = 8 << 20;

    @JsonProperty("send_queue_size")
    public int sendQueueSize = 1024;

    @JsonProperty("handshake_timeout_ms")
    public long handshakeTimeoutMs = 10_000;

    @JsonProperty("dial_timeout_ms")
    public long dialTimeoutMs = 3_000;

    @JsonProperty("backoff_min_ms")
    public long backoffMinMs = 250;

    @JsonProperty("backoff_max_ms")
    public long backoffMaxMs = 30_000;

    @JsonProperty("ban_seconds")
    public long banSeconds = 300;

    @JsonProperty("max_messages_per_second")
    public int maxMessagesPerSecond = 5_000;

    @JsonProperty("max_bytes_per_second")
    public long maxBytesPerSecond = 64L << 20;

    void validate() {
      requireAddress(laddr, "p2p.laddr");
      require(
          externalAddress != null && (externalAddress.isEmpty() || HostPort.isValid(externalAddress)),
          "p2p.external_address",
          "must be empty or HOST:PORT");
      require(persistentPeers != null, "p2p.persistent_peers", "must be a string");
      for (String peer : persistentPeerList()) {
        require(
            peer.matches("[0-9a-f]{40}@.+") && HostPort.isValid(peer.substring(41)),
            "p2p.persistent_peers",
            "'" + peer + "' is not ID@HOST:PORT (ID = 40 lowercase hex characters)");
      }
      require(maxInbound >= 0, "p2p.max_inbound", "must be >= 0");
      require(maxInboundPerIp >= 0, "p2p.max_inbound_per_ip",
          "must be >= 0 (0: no bound per address), got " + maxInboundPerIp);
      require(maxOutbound >= 0, "p2p.max_outbound", "must be >= 0");
      require(maxFrameBytes >= 64 << 10, "p2p.max_frame_bytes", "must be >= 65536");
      require(sendQueueSize > 0, "p2p.send_queue_size", "must be > 0");
      require(handshakeTimeoutMs > 0, "p2p.handshake_timeout_ms", "must be > 0");
      require(dialTimeoutMs > 0, "p2p.dial_timeout_ms", "must be > 0");
      require(backoffMinMs > 0, "p2p.backoff_min_ms", "must be > 0");
      require(backoffMaxMs >= backoffMinMs, "p2p.backoff_max_ms", "must be >= backoff_min_ms");
      require(banSeconds >= 0, "p2p.ban_seconds", "must be >= 0");
      require(maxMessagesPerSecond > 0, "p2p.max_messages_per_second", "must be > 0");
      require(maxBytesPerSecond > 0, "p2p.max_bytes_per_second", "must be > 0");
    }

    /** The persistent peers as a list, blanks dropped. */
    public java.util.List<String> persistentPeerList() {
      java.util.List<String> out = new java.util.ArrayList<>();
      for (String s : persistentPeers.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
      return out;
    }
  }

  /** Consensus timeouts (round r waits {@code base + r * delta}). */
  public static final class ConsensusSection {
    @JsonProperty("timeout_propose_ms")
    public long timeoutProposeMs = 3_000;

    @JsonProperty("timeout_propose_delta_ms")
    public long timeoutProposeDeltaMs = 500;

    @JsonProperty("timeout_prevote_ms")
    public long timeoutPrevoteMs = 1_000;

    @JsonProperty("timeout_prevote_delta_ms")
    public long timeoutPrevoteDeltaMs = 500;

    @JsonProperty("timeout_precommit_ms")
    public long timeoutPrecommitMs = 1_000;

    @JsonProperty("timeout_precommit_delta_ms")
    public long timeoutPrecommitDeltaMs = 500;

    /** Pause after a commit before the next height starts: the block interval. */
    @JsonProperty("timeout_commit_ms")
    public long timeoutCommitMs = 1_000;

    /**
     * The pause instead while txs wait in the mempool (never longer than timeout_commit_ms): a
     * shorter one lets a loaded chain make blocks as fast as its validators agree, while an idle
     * chain keeps one block per timeout_commit_ms.
     */
    @JsonProperty("timeout_commit_busy_ms")
    public long timeoutCommitBusyMs = 1_000;

    /**
     * Test only, never from config.toml: set by the hidden {@code cyber start
     * --unsafe-equivocate}, which makes this validator sign a second, conflicting vote for each
     * vote it sends ({@code io.cybergraph.node.evidence.EquivocatingNetwork}).
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean unsafeEquivocate;

    void validate() {
      require(timeoutProposeMs > 0, "consensus.timeout_propose_ms", "must be > 0");
      require(timeoutProposeDeltaMs >= 0, "consensus.timeout_propose_delta_ms", "must be >= 0");
      require(timeoutPrevoteMs > 0, "consensus.timeout_prevote_ms", "must be > 0");
      require(timeoutPrevoteDeltaMs >= 0, "consensus.timeout_prevote_delta_ms", "must be >= 0");
      require(timeoutPrecommitMs > 0, "consensus.timeout_precommit_ms", "must be > 0");
      require(timeoutPrecommitDeltaMs >= 0, "consensus.timeout_precommit_delta_ms", "must be >= 0");
      require(timeoutCommitMs >= 0, "consensus.timeout_commit_ms", "must be >= 0");
      require(timeoutCommitBusyMs >= 0, "consensus.timeout_commit_busy_ms", "must be >= 0");
    }
  }

  /** Pending transactions. */
  public static final class MempoolSection {
    @JsonProperty("max_txs")
    public int maxTxs = 20_000;

    @JsonProperty("max_bytes")
    public long maxBytes = 128L << 20;

    @JsonProperty("max_tx_bytes")
    public int maxTxBytes = 1 << 20;

    /** Tx hashes remembered to refuse replays and to stop gossip echoes. */
    @JsonProperty("cache_size")
    public int cacheSize = 200_000;

    /** A tx still pending after this many blocks is dropped. */
    @JsonProperty("ttl_blocks")
    public int ttlBlocks = 100;

    void validate() {
      require(maxTxs > 0, "mempool.max_txs", "must be > 0");
      require(maxBytes > 0, "mempool.max_bytes", "must be > 0");
      require(maxTxBytes > 0 && maxTxBytes <= maxBytes, "mempool.max_tx_bytes", "must be 1..max_bytes");
      require(cacheSize >= 0, "mempool.cache_size", "must be >= 0");
      require(ttlBlocks > 0, "mempool.ttl_blocks", "must be > 0");
    }
  }

  /** Prometheus metrics. */
  public static final class MetricsSection {
    public boolean enabled = true;
    public String laddr = "127.0.0.1:26660";

    void validate() {
      requireAddress(laddr, "metrics.laddr");
    }
  }

  /** The local rank computation (the rule itself is in genesis). */
  public static final class RankSection {
    /** Threads for the tri-kernel; 0 = all cores. Results do not depend on it. */
    public int threads = 0;

    /**
     * Rank snapshot sync (docs/sync.md): a node this many blocks or more behind its peers takes
     * up a verified focus from them instead of computing every height it catches up on.
     */
    @JsonProperty("snapshot_sync")
    public boolean snapshotSync = true;

    @JsonProperty("snapshot_sync_min_blocks")
    public long snapshotSyncMinBlocks = 100;

    void validate() {
      require(threads >= 0 && threads <= 1024, "rank.threads", "must be 0..1024");
      require(snapshotSyncMinBlocks >= 1, "rank.snapshot_sync_min_blocks", "must be >= 1");
    }
  }

  /** RocksDB memory bounds. */
  public static final class StoreSection {
    @JsonProperty("block_cache_mb")
    public int blockCacheMb = 128;

    @JsonProperty("write_buffer_mb")
    public int writeBufferMb = 64;

    void validate() {
      require(blockCacheMb >= 8, "store.block_cache_mb", "must be >= 8");
      require(writeBufferMb >= 8, "store.write_buffer_mb", "must be >= 8");
    }
  }

  /** The pending evidence pool (docs/evidence.md). */
  public static final class EvidenceSection {
    @JsonProperty("max_pending")
    public int maxPending = 1_000;

    void validate() {
      require(maxPending >= 1 && maxPending <= 1_000_000, "evidence.max_pending", "must be 1..1000000");
    }
  }
}
