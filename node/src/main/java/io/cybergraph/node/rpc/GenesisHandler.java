package io.cybergraph.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code GET /genesis}: the genesis file the node runs on, as JSON, with its hash (SHA-256 of
 * the file's bytes: JSON re-serialisation changes bytes, so clients compare the hash, not the
 * text). The file is read once, at construction.
 */
public final class GenesisHandler implements RpcHandler {

  /** The answer: the hash (hex) and the file as a JSON object. */
  public record Answer(String genesisHash, JsonNode genesis) {}

  private final Answer answer;

  /** From the file's exact bytes (already validated by the node's genesis loader). */
  public GenesisHandler(byte[] genesisBytes) {
    JsonNode genesis;
    try {
      genesis = RpcJson.mapper().readTree(genesisBytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("genesis is not JSON: " + e.getMessage(), e);
    }
    answer = new Answer(Address.hex(Hashes.sha256(genesisBytes)), genesis);
  }

  /** Reads {@code config/genesis.json}. */
  public static GenesisHandler fromFile(Path genesisFile) {
    try {
      return new GenesisHandler(Files.readAllBytes(genesisFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + genesisFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Object handle(RpcRequest request) {
    return answer;
  }
}
