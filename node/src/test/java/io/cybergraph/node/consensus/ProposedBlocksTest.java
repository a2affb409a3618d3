package io.cybergraph.node.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProposedBlocksTest {
  @TempDir Path data;

  @Test
  void keepsEachRoundsBlockOfAHeightUntilItIsCommitted() throws Exception {
    ProposedBlocks blocks = ProposedBlocks.open(data);
    blocks.save(7, 0, new byte[] {1});
    blocks.save(7, 2, new byte[] {2});
    blocks.save(7, 2, new byte[] {3}); // the same round again: the last one stays
    blocks.save(8, 0, new byte[] {4});
    // a crash mid-write leaves a temp file
    Files.write(data.resolve(ProposedBlocks.DIR).resolve("7-1.block.tmp"), new byte[] {9});

    List<byte[]> seven = ProposedBlocks.open(data).of(7);
    assertEquals(2, seven.size());
    assertArrayEquals(new byte[] {1}, seven.get(0));
    assertArrayEquals(new byte[] {3}, seven.get(1));
    assertEquals(List.of(), blocks.of(6));

    blocks.forgetUpTo(7);
    assertEquals(List.of(), blocks.of(7));
    assertArrayEquals(new byte[] {4}, blocks.of(8).get(0));
    try (Stream<Path> files = Files.list(data.resolve(ProposedBlocks.DIR))) {
      assertEquals(List.of("8-0.block"), files.map(p -> p.getFileName().toString()).toList());
    }
    blocks.forgetUpTo(8);
    blocks.save(9, 0, new byte[] {5}); // known empty, then written again: still found
    assertArrayEquals(new byte[] {5}, blocks.of(9).get(0));
  }
}
