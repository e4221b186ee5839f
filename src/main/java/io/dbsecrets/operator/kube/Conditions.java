package io.dbsecrets.operator.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Sets a condition in a list, keeping its lastTransitionTime unless its status flips. */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String ROLLOUT_RESTART = "RolloutRestart";

  private Conditions() {}

  public static List<Condition> set(List<Condition> conditions, String type, boolean status, String reason,
                                    String message, Long generation, Instant now) {
    List<Condition> result = new ArrayList<>();
    Condition previous = null;
    for (Condition c : conditions == null ? List.<Condition>of() : conditions) {
      if (type.equals(c.getType())) {
        previous = c;
      } else {
        result.add(c);
      }
    }
    String statusText = status ? "True" : "False";
    String since = previous != null && statusText.equals(previous.getStatus()) && previous.getLastTransitionTime() != null
        ? previous.getLastTransitionTime() : now.toString();
    result.add(new ConditionBuilder().withType(type).withStatus(statusText).withReason(reason).withMessage(message)
        .withObservedGeneration(generation).withLastTransitionTime(since).build());
    result.sort((a, b) -> a.getType().compareTo(b.getType()));
    return result;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }
}
