package io.cybergraph.consensus.state;

/**
 * A snapshot of one process's state in the paper's terms: {@code h_p, round_p, step_p,
 * lockedValue_p, lockedRound_p, validValue_p, validRound_p} and the decision of this height ({@code
 * null} while undecided). Values may be {@code null} (the paper's nil).
 */
public record RoundState(
    long height,
    int round,
    Step step,
    Value lockedValue,
    int lockedRound,
    Value validValue,
    int validRound,
    Value decision) {}
