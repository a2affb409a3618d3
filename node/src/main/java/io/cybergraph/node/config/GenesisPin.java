package io.cybergraph.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Pins a home's data folder to one genesis: the first start writes the genesis hash into
 * {@code data/genesis.sha256}; every later start refuses a different genesis, so a node never
 * mixes the state of two chains.
 */
public final class GenesisPin {
  public static final String FILE_NAME = "genesis.sha256";

  private GenesisPin() {}

  /** Writes the pin if absent, otherwise checks it; throws {@link ConfigException} on mismatch. */
  public static void pinOrCheck(Path dataDir, byte[] genesisHash) {
    Path pin = dataDir.resolve(FILE_NAME);
    String expected = HexFormat.of().formatHex(genesisHash);
    try {
      String pinned = Files.exists(pin) ? Files.readString(pin, StandardCharsets.US_ASCII).trim() : "";
      if (!pinned.isEmpty()) { // empty: a pin a power loss cut short before it was synced
        if (!pinned.equals(expected)) {
          throw new ConfigException(
              "genesis.json does not match this home's data: data was created with genesis "
                  + pinned + ", config/genesis.json hashes to " + expected);
        }
        return;
      }
      new io.cybergraph.node.home.DurableFile(pin)
          .write((expected + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ConfigException("cannot pin genesis in " + dataDir + ": " + e.getMessage(), e);
    }
  }
}
