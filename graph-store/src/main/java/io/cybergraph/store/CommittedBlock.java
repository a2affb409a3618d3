package io.cybergraph.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one committed block changes, as decided by the application: the store writes it
 * as one atomic, synced batch ({@link ChainStore#write}) and checks only what keeps its own
 * indices sound (next height, particle indices without gaps, references in range, no
 * duplicates).
 *
 * @param height the block's height, exactly the store's latest height + 1
 * @param blockHash the block's 32-byte hash
 * @param block the encoded {@code Block}
 * @param commit the encoded {@code Commit} that finalised this block
 * @param txHashes the hashes of the block's transactions, in block order
 * @param newParticles particles first linked in this block, in first-seen order; their indices
 *     continue the store's particle count without gaps; key = binary CIDv1, text = the CID as
 *     first linked (CIDv0 or CIDv1 base32)
 * @param links the links this block adds, in execution order; they continue the link log
 * @param accounts accounts whose state changed, each address once
 * @param focus focus vectors computed since the last block (usually one, for height − lag)
 * @param pruneFocusHeights focus heights to delete (the application keeps lag + 1)
 * @param linksFrontier the links-root frontier after this block ({@code MerkleFrontier.toBytes()});
 *     the store refuses the block unless its own frontier, after appending the block's link
 *     leaves, is the same
 * @param appHash the 32-byte app hash after this block
 * @param evidence the evidence this block commits, in block order (each key once, none
 *     committed before); its pending entries are deleted in the same batch
 */
public record CommittedBlock(
    long height,
    byte[] blockHash,
    byte[] block,
    byte[] commit,
    List<byte[]> txHashes,
    List<Particle> newParticles,
    List<NewLink> links,
    List<AccountUpdate> accounts,
    List<FocusVector> focus,
    long[] pruneFocusHeights,
    byte[] linksFrontier,
    byte[] appHash,
    List<NewEvidence> evidence) {

  public CommittedBlock {
    Objects.requireNonNull(blockHash, "block hash");
    Objects.requireNonNull(block, "block bytes");
    Objects.requireNonNull(commit, "commit bytes");
    txHashes = List.copyOf(txHashes);
    newParticles = List.copyOf(newParticles);
    links = List.copyOf(links);
    accounts = List.copyOf(accounts);
    focus = List.copyOf(focus);
    Objects.requireNonNull(pruneFocusHeights, "focus heights to prune");
    Objects.requireNonNull(linksFrontier, "links frontier");
    Objects.requireNonNull(appHash, "app hash");
    evidence = List.copyOf(evidence);
  }

  public static Builder builder(long height) {
    return new Builder(height);
  }

  /** Builds a {@link CommittedBlock}; lists not set stay empty. */
  public static final class Builder {
    private final long height;
    private byte[] blockHash;
    private byte[] block;
    private byte[] commit;
    private final List<byte[]> txHashes = new ArrayList<>();
    private final List<Particle> newParticles = new ArrayList<>();
    private final List<NewLink> links = new ArrayList<>();
    private final List<AccountUpdate> accounts = new ArrayList<>();
    private final List<FocusVector> focus = new ArrayList<>();
    private long[] pruneFocusHeights = new long[0];
    private byte[] linksFrontier;
    private byte[] appHash;
    private final List<NewEvidence> evidence = new ArrayList<>();

    private Builder(long height) {
      this.height = height;
    }

    public Builder block(byte[] blockHash, byte[] block, byte[] commit) {
      this.blockHash = blockHash;
      this.block = block;
      this.commit = commit;
      return this;
    }

    public Builder tx(byte[] txHash) {
      txHashes.add(txHash);
      return this;
    }

    public Builder particle(Particle particle) {
      newParticles.add(particle);
      return this;
    }

    public Builder link(NewLink link) {
      links.add(link);
      return this;
    }

    public Builder account(byte[] address, byte[] account) {
      accounts.add(new AccountUpdate(address, account));
      return this;
    }

    public Builder focus(long focusHeight, long[] values) {
      focus.add(new FocusVector(focusHeight, values));
      return this;
    }

    public Builder pruneFocus(long... heights) {
      pruneFocusHeights = heights.clone();
      return this;
    }

    public Builder state(byte[] linksFrontier, byte[] appHash) {
      this.linksFrontier = linksFrontier;
      this.appHash = appHash;
      return this;
    }

    public Builder evidence(NewEvidence e) {
      evidence.add(e);
      return this;
    }

    public CommittedBlock build() {
      return new CommittedBlock(
          height, blockHash, block, commit, txHashes, newParticles, links, accounts, focus,
          pruneFocusHeights, linksFrontier, appHash, evidence);
    }
  }
}
