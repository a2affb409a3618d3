package io.cybergraph.consensus.state;

/** An output of the state machine, for the caller to carry out in the order given. */
public sealed interface Action
    permits Action.EnterRound,
        Action.Broadcast,
        Action.ScheduleTimeout,
        Action.Decide,
        Action.ReportEvidence,
        Action.RequestValue,
        Action.CheckValidity {

  /** The machine entered {@code round} of {@code height} (StartRound). */
  record EnterRound(long height, int round) implements Action {}

  /** Sign and send this message of ours to all validators (the machine already counted it). */
  record Broadcast(Message message) implements Action {}

  /** Call back with {@link Event.Timeout} after {@code delayMillis} (time is the caller's). */
  record ScheduleTimeout(long height, int round, Step step, long delayMillis) implements Action {}

  /** {@code value} is decided at {@code height} (commit from precommits of {@code round}). */
  record Decide(long height, int round, Value value) implements Action {}

  /** A validator equivocated: keep the proof, it was counted once. */
  record ReportEvidence(Evidence evidence) implements Action {}

  /** The paper's {@code getValue()}: answer with {@link Event.ValueReady}. */
  record RequestValue(long height, int round) implements Action {}

  /** The paper's {@code valid(v)}: answer with {@link Event.ValidityChecked}. */
  record CheckValidity(long height, Value value) implements Action {}
}
