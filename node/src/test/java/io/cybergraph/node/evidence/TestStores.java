package io.cybergraph.node.evidence;

import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.CommittedBlock;
import io.cybergraph.store.NewEvidence;

/** Store writes for evidence tests that need committed blocks but no chain behind them. */
final class TestStores {
  private TestStores() {}

  /** Writes an empty block at the next height carrying {@code evidence}. */
  static void commitWithEvidence(ChainStore store, NewEvidence... evidence) {
    long h = store.latestHeight() + 1;
    CommittedBlock.Builder b = CommittedBlock.builder(h)
        .block(Hashes.sha256(("block " + h).getBytes()), new byte[] {1}, new byte[] {1})
        .state(store.linksFrontier(), Hashes.sha256(("app " + h).getBytes()));
    for (NewEvidence e : evidence) {
      b.evidence(e);
    }
    store.write(b.build());
  }
}
