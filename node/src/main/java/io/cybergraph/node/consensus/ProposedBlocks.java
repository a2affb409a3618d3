package io.cybergraph.node.consensus;

import io.cybergraph.node.home.DurableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The blocks this validator proposed at the height it works on, one file per round in {@code
 * data/cs.proposals/HEIGHT-ROUND.block}, written and synced before the proposal is signed.
 *
 * <p>Why: the WAL keeps our signed proposal, which names the block only by its hash. A validator
 * that crashes right after proposing re-sends that proposal when it restarts; without the block
 * itself nobody could get its parts (peers may not have received any yet) and the round would
 * run into its timeout. With the block on disk the restarted node gives out the parts again.
 */
public final class ProposedBlocks {
  /** The folder inside {@code data/}. */
  public static final String DIR = "cs.proposals";

  private static final Pattern NAME = Pattern.compile("(\\d{1,18})-(\\d{1,9})\\.block");

  private final Path dir;
  // false once the folder is known empty: the per-height calls then skip listing it (a
  // validator proposes one height in N; the folder is listed at open, after a restart)
  private boolean holding = true;

  /** Opens (creating if needed) the folder {@code dataDir/cs.proposals}. */
  public static ProposedBlocks open(Path dataDir) throws IOException {
    Path dir = dataDir.resolve(DIR);
    Files.createDirectories(dir);
    return new ProposedBlocks(dir);
  }

  private ProposedBlocks(Path dir) {
    this.dir = dir;
  }

  /** Stores our block of {@code height}/{@code round} durably (temp file, sync, rename). */
  public void save(long height, int round, byte[] blockBytes) {
    holding = true;
    new DurableFile(dir.resolve(height + "-" + round + ".block")).write(blockBytes);
  }

  /** Our blocks of {@code height} as stored (the caller parses and checks them). */
  public List<byte[]> of(long height) throws IOException {
    List<byte[]> blocks = new ArrayList<>();
    for (Path p : files()) {
      if (heightOf(p) == height) {
        blocks.add(Files.readAllBytes(p));
      }
    }
    return blocks;
  }

  /** Deletes every file of a height up to {@code height} (committed), and stray temp files. */
  public void forgetUpTo(long height) throws IOException {
    boolean kept = false;
    for (Path p : files()) {
      if (heightOf(p) <= height) { // a stray temp file is of height -1
        Files.deleteIfExists(p);
      } else {
        kept = true;
      }
    }
    holding = kept;
  }

  /** The height in a block file's name, or -1 for any other file. */
  private static long heightOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private List<Path> files() throws IOException {
    if (!holding) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
