package io.cybergraph.consensus.script;

import io.cybergraph.consensus.state.Action;
import io.cybergraph.consensus.state.Event;
import io.cybergraph.consensus.state.TendermintMachine;
import io.cybergraph.consensus.state.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs a {@link TendermintMachine} through a script: the script's events go in, and the machine's
 * actions come out, except the two questions to the application ({@link Action.CheckValidity},
 * {@link Action.RequestValue}), which this runner answers at once from the {@link Scenario} as the
 * next events. After a decision it starts the next height with the same validators, as the node
 * does once the block is committed.
 *
 * <p>Events of a script carry no height; they belong to the height the machine is at.
 */
public final class ScenarioRunner {
  private final Scenario scenario;
  private final TendermintMachine machine;

  public ScenarioRunner(Scenario scenario) {
    this.scenario = scenario;
    this.machine = new TendermintMachine(scenario.timeouts());
  }

  /** Starts the scenario's height; returns the visible actions. */
  public List<Action> start() {
    return run(new Event.StartHeight(scenario.height(), scenario.validators(), scenario.me()));
  }

  /** Applies one script event and every answer it leads to; returns the visible actions. */
  public List<Action> apply(Event event) {
    return run(event);
  }

  /** The machine, for its state and current height. */
  public TendermintMachine machine() {
    return machine;
  }

  private List<Action> run(Event first) {
    List<Action> visible = new ArrayList<>();
    Deque<Event> pending = new ArrayDeque<>();
    pending.add(first);
    while (!pending.isEmpty()) {
      for (Action a : machine.handle(pending.poll())) {
        if (a instanceof Action.CheckValidity) {
          Value v = ((Action.CheckValidity) a).value();
          pending.add(
              new Event.ValidityChecked(
                  ((Action.CheckValidity) a).height(), v, !scenario.invalid().contains(v)));
        } else if (a instanceof Action.RequestValue) {
          Action.RequestValue r = (Action.RequestValue) a;
          Value v = scenario.proposals().get(r.round());
          if (v != null) {
            pending.add(new Event.ValueReady(r.height(), r.round(), v));
          }
        } else {
          visible.add(a);
          if (a instanceof Action.Decide) {
            long next = ((Action.Decide) a).height() + 1;
            pending.add(new Event.StartHeight(next, scenario.validators(), scenario.me()));
          }
        }
      }
    }
    return visible;
  }
}
