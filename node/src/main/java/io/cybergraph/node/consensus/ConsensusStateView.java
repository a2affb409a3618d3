package io.cybergraph.node.consensus;

import io.cybergraph.proto.pb.Vote;
import java.util.List;

/**
 * What {@code /consensus_state} shows: where this node's consensus stands and the votes of its
 * height.
 *
 * @param height the height being decided
 * @param round its current round
 * @param step {@code new_height}, {@code propose}, {@code prevote}, {@code precommit}, {@code
 *     commit}, or {@code catching_up} (block sync first)
 * @param proposer the 20-byte address of the round's proposer
 * @param lockedRound the round of the locked value, −1 when none
 * @param validRound the round of the valid value, −1 when none
 * @param proposalHash the block hash of the round's proposal, empty when none yet
 * @param lockedHash the locked block's hash, empty when none
 * @param validHash the valid block's hash, empty when none
 * @param votes the height's votes this node holds (its own and accepted ones)
 */
public record ConsensusStateView(
    long height,
    int round,
    String step,
    byte[] proposer,
    int lockedRound,
    int validRound,
    byte[] proposalHash,
    byte[] lockedHash,
    byte[] validHash,
    List<Vote> votes) {}
