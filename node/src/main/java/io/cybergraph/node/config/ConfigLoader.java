package io.cybergraph.node.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.cybergraph.node.home.CappedFile;
import io.cybergraph.node.home.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code config/config.toml}. */
public final class ConfigLoader {
  private static final TomlMapper TOML =
      TomlMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** The tables of config.toml ([rpc], [p2p], ...), from the defaults. */
  private static final List<String> SECTIONS = sections();

  private ConfigLoader() {}

  private static List<String> sections() {
    List<String> names = new ArrayList<>();
    TOML.valueToTree(new NodeConfig()).properties().forEach(field -> {
      if (field.getValue().isObject()) {
        names.add(field.getKey());
      }
    });
    return List.copyOf(names);
  }

  /** True when the (already parsed) TOML has at least one of {@link #SECTIONS}. */
  private static boolean hasASection(byte[] bytes) {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = TOML.readTree(bytes);
      return SECTIONS.stream().anyMatch(tree::has);
    } catch (IOException e) {
      return false; // not reached: the same bytes parsed as a NodeConfig
    }
  }

  /** Loads and validates; a missing file means all defaults. */
  public static NodeConfig load(Path file) {
    if (!Files.exists(file)) {
      NodeConfig defaults = new NodeConfig();
      defaults.validate();
      return defaults;
    }
    byte[] bytes;
    try {
      bytes = CappedFile.read(file, CappedFile.CONFIG_MAX);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + IoErrors.describe(e), e);
    }
    NodeConfig config;
    try {
      config = TOML.readValue(bytes, NodeConfig.class);
    } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
      throw new ConfigException(file + ": unknown key " + FieldPath.of(e)
          + " (a typo? `cyber init` writes every key with its default)", e);
    } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
      throw new ConfigException(file + ": " + FieldPath.of(e) + ": \"" + e.getValue()
          + "\" is not a valid " + e.getTargetType().getSimpleName(), e);
    } catch (JsonMappingException e) {
      throw new ConfigException(file + ": " + FieldPath.of(e) + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException p
          && p.getLocation() != null ? " at line " + p.getLocation().getLineNr() : "";
      String what = e instanceof com.fasterxml.jackson.core.JsonProcessingException p
          ? p.getOriginalMessage() : e.getMessage();
      throw new ConfigException(file + ": malformed TOML" + where + ": " + what, e);
    }
    if (config == null || !hasASection(bytes)) {
      // cut short or emptied: starting on default ports would hide it
      throw new ConfigException(file + ": has none of the sections "
          + String.join(", ", SECTIONS.stream().map(s -> "[" + s + "]").toList())
          + " (empty or cut short? `cyber init` writes them all)");
    }
    config.validate();
    return config;
  }

  public static void write(NodeConfig config, Path file) {
    try {
      new io.cybergraph.node.home.DurableFile(file).write(TOML.writeValueAsBytes(config));
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ConfigException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
