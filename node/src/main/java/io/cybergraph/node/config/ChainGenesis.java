package io.cybergraph.node.config;

import java.util.List;

/**
 * A validated genesis: the parsed file plus what was derived from it (hash, time in
 * nanoseconds, validator addresses, balances as integers).
 *
 * @param file the file as parsed (rank, bandwidth and block parameters)
 * @param hash SHA-256 of the file's bytes: what {@code data/genesis.sha256} pins
 */
public record ChainGenesis(
    Genesis file,
    byte[] hash,
    long genesisTimeNs,
    io.cybergraph.rank.RankParams rankParams,
    List<Validator> validators,
    List<Account> accounts,
    long totalSupply) {

  public String chainId() {
    return file.chainId;
  }

  /** A genesis validator with its derived 20-byte address. */
  public record Validator(String name, byte[] address, byte[] publicKey, long power) {}

  /** A genesis account: 20-byte address and balance. */
  public record Account(String name, byte[] address, long balance) {}
}
