package io.dbsecrets.operator.metrics;

import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.aws.FailureReason;
import io.dbsecrets.operator.reconcile.SyncTrigger;
import io.dbsecrets.operator.rollout.WorkloadResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The label values each counter can take, so every series exists at zero from the start: an {@code increase()}
 * alert then sees the first failure as 0 to 1 rather than a series that appears already at 1.
 */
public final class KnownLabels {
  /** Ready reasons that do not come from AWS: bad spec, policy, rendering; the README's status table lists them. */
  static final List<String> NON_AWS_FAILURE_REASONS = List.of("InvalidSecretFormat", "PropertyNotFound",
      "TemplateError", "InvalidSecretKey", "InvalidSpec", "TargetConflict", "SecretRejected", "PolicyDenied");

  private KnownLabels() {}

  public static List<String> triggers() {
    return Arrays.stream(SyncTrigger.values()).map(Enum::name).toList();
  }

  /** Triggers of a sync that read AWS: every trigger but NONE. */
  public static List<String> syncTriggers() {
    return triggers().stream().filter(t -> !t.equals(SyncTrigger.NONE.name())).toList();
  }

  public static List<String> failureReasons() {
    List<String> reasons = new ArrayList<>(Arrays.stream(FailureReason.values()).map(Enum::name).toList());
    reasons.addAll(NON_AWS_FAILURE_REASONS);
    return List.copyOf(reasons);
  }

  public static List<String> workloadKinds() {
    return Arrays.stream(WorkloadKind.values()).map(Enum::name).toList();
  }

  public static List<String> rolloutOutcomes() {
    return Arrays.stream(WorkloadResult.Outcome.values()).map(WorkloadResult.Outcome::label).toList();
  }

  /** Why BatchGetSecretValue is given up for GetSecretValue (BatchingSecretSource). */
  public static List<String> batchFallbackReasons() {
    return List.of(FailureReason.AccessDenied.name());
  }
}
