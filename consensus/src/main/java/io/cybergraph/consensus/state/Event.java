package io.cybergraph.consensus.state;

/** An input of the state machine. Time enters only as {@link Timeout} events. */
public sealed interface Event
    permits Event.StartHeight,
        Event.Receive,
        Event.Timeout,
        Event.ValueReady,
        Event.ValidityChecked {

  /**
   * Begin consensus on {@code height} with this validator set; {@code myIndex} is this node's index
   * in it, or -1 if it only follows (decides, never votes). Sent once at start and once after each
   * decision, when the application has committed the previous height.
   */
  record StartHeight(long height, ValidatorSet validators, int myIndex) implements Event {}

  /** A proposal or vote from the network (or one of ours coming back: counted once). */
  record Receive(Message message) implements Event {}

  /** A timeout scheduled by {@link Action.ScheduleTimeout} has expired. */
  record Timeout(long height, int round, Step step) implements Event {}

  /** The application's answer to {@link Action.RequestValue}: the value to propose. */
  record ValueReady(long height, int round, Value value) implements Event {}

  /** The application's answer to {@link Action.CheckValidity}: the paper's {@code valid(v)}. */
  record ValidityChecked(long height, Value value, boolean valid) implements Event {}
}
