package io.cybergraph.node.devnet;

import io.cybergraph.node.home.HomeException;
import io.cybergraph.node.home.IoErrors;
import io.cybergraph.node.home.NodeHome;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The homes of a devnet folder written by {@code cyber testnet}: its sub-folders {@code
 * node<i>} that hold a {@code config/config.toml}, in index order (node2 before node10).
 */
public final class DevnetHomes {

  private static final Pattern FOLDER = Pattern.compile("node(\\d{1,6})");

  private DevnetHomes() {}

  /** One home and its index. */
  public record Entry(int index, String name, NodeHome home) {}

  /** The homes in {@code dir}; {@link HomeException} when there is none or it is unreadable. */
  public static List<Entry> list(Path dir) {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        Matcher m = FOLDER.matcher(child.getFileName().toString());
        NodeHome home = new NodeHome(child);
        if (m.matches() && Files.isRegularFile(home.configToml())) {
          entries.add(new Entry(Integer.parseInt(m.group(1)), m.group(), home));
        }
      }
    } catch (NoSuchFileException e) {
      throw new HomeException("devnet folder " + dir + " does not exist");
    } catch (IOException e) {
      throw new HomeException("cannot list " + dir + ": " + IoErrors.describe(e), e);
    }
    if (entries.isEmpty()) {
      throw new HomeException("no node homes (node0, node1, ...) in " + dir
          + "; write them with cyber testnet --output " + dir);
    }
    entries.sort(Comparator.comparingInt(Entry::index));
    return entries;
  }
}
