package io.cybergraph.consensus.signer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The file holding {@link LastSigned}, written atomically: the new state goes to {@code FILE.tmp},
 * is forced to disk, renamed over {@code FILE} (an atomic move), and the folder is forced so the
 * rename itself survives a crash. A reader therefore sees the old state or the new one, never a
 * mix. The format is a few {@code key=value} lines, readable by an operator:
 *
 * <pre>
 * height=12
 * round=0
 * step=2            (1 proposal, 2 prevote, 3 precommit)
 * sign_bytes=HEX
 * signature=HEX
 * </pre>
 */
final class SignStateFile {
  private static final HexFormat HEX = HexFormat.of();
  private static final List<String> KEYS =
      List.of("height", "round", "step", "sign_bytes", "signature");

  private SignStateFile() {}

  /** The stored state; {@link LastSigned#NONE} if the file does not exist. */
  static LastSigned read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return LastSigned.NONE;
    }
    Map<String, String> fields = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq < 0 || fields.put(trimmed.substring(0, eq), trimmed.substring(eq + 1)) != null) {
        throw new IOException(file + ": bad sign state line \"" + trimmed + "\"");
      }
    }
    if (!fields.keySet().equals(new java.util.HashSet<>(KEYS))) {
      throw new IOException(file + ": sign state needs exactly the keys " + KEYS);
    }
    try {
      long height = Long.parseLong(fields.get("height"));
      int round = Integer.parseInt(fields.get("round"));
      SignStep step = SignStep.ofCode(Integer.parseInt(fields.get("step")));
      if (height < 0 || round < 0) {
        throw new IllegalArgumentException("negative height or round");
      }
      return new LastSigned(
          height,
          round,
          step,
          HEX.parseHex(fields.get("sign_bytes")),
          HEX.parseHex(fields.get("signature")));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": bad sign state: " + e.getMessage());
    }
  }

  /** Replaces the stored state atomically and durably (see the class comment). */
  static void write(Path file, LastSigned state) throws IOException {
    String text =
        "# cyber validator sign state: the last vote or proposal signed. Never edit or copy it.\n"
            + "height="
            + state.height()
            + "\n"
            + "round="
            + state.round()
            + "\n"
            + "step="
            + state.step().code
            + "\n"
            + "sign_bytes="
            + HEX.formatHex(state.signBytes())
            + "\n"
            + "signature="
            + HEX.formatHex(state.signature())
            + "\n";
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
