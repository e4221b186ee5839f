package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.api.Durations;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.TargetSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks the CRD schema makes, repeated for API servers that do not enforce it (old servers, mocks) and
 * extended with those a schema cannot express. Pure.
 */
public final class SpecValidation {
  // compiled once: String.matches compiles its pattern on every call, and every reconcile validates the spec
  private static final Pattern SECRET_ID = Pattern.compile(ExternalDbSecretSpec.SECRET_ID_PATTERN);
  private static final Pattern ROLE_ARN = Pattern.compile(ExternalDbSecretSpec.ROLE_ARN_PATTERN);
  private static final Pattern TIME = Pattern.compile(io.dbsecrets.operator.api.RestartWindow.TIME_PATTERN);

  private SpecValidation() {}

  public static List<String> problems(ExternalDbSecretSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null || spec.getSecretId() == null || spec.getSecretId().isBlank()) {
      problems.add("spec.secretId is required");
      return problems;
    }
    if (!SECRET_ID.matcher(spec.getSecretId()).matches()) {
      problems.add("spec.secretId '" + spec.getSecretId() + "' is neither a secret name nor a Secrets Manager ARN");
    }
    if (spec.getVersionId() != null && spec.getVersionStage() != null) {
      problems.add("spec.versionId and spec.versionStage are mutually exclusive: set at most one");
    }
    if (spec.getRefreshInterval() != null) {
      try {
        Durations.parse(spec.getRefreshInterval());
      } catch (IllegalArgumentException e) {
        problems.add("spec.refreshInterval: " + e.getMessage());
      }
    }
    if (spec.getRollout() != null && spec.getRollout().getMinInterval() != null) {
      try {
        Durations.parse(spec.getRollout().getMinInterval());
      } catch (IllegalArgumentException e) {
        problems.add("spec.rollout.minInterval: " + e.getMessage());
      }
    }
    if (spec.getRollout() != null && spec.getRollout().getRestartWindow() != null) {
      problems.addAll(restartWindowProblems(spec.getRollout().getRestartWindow()));
    }
    if (spec.getRoleArn() != null && !ROLE_ARN.matcher(spec.getRoleArn()).matches()) {
      problems.add("spec.roleArn '" + spec.getRoleArn() + "' is not an IAM role ARN");
    }
    if (spec.getTarget().getLabels().size() > TargetSpec.MAX_ENTRIES) {
      problems.add("spec.target.labels: at most " + TargetSpec.MAX_ENTRIES + " labels");
    }
    if (spec.getTarget().getAnnotations().size() > TargetSpec.MAX_ENTRIES) {
      problems.add("spec.target.annotations: at most " + TargetSpec.MAX_ENTRIES + " annotations");
    }
    Set<String> keys = new HashSet<>();
    for (DataMapping mapping : spec.getData()) {
      if (mapping.getKey() == null || !keys.add(mapping.getKey())) {
        problems.add("spec.data: key '" + mapping.getKey() + "' is missing or listed twice");
      }
    }
    for (String key : spec.getTemplate().keySet()) {
      if (keys.contains(key)) {
        problems.add("key '" + key + "' is in both spec.data and spec.template");
      }
    }
    return problems;
  }

  private static List<String> restartWindowProblems(io.dbsecrets.operator.api.RestartWindow window) {
    List<String> problems = new ArrayList<>();
    if (window.getStart() == null || !TIME.matcher(window.getStart()).matches()) {
      problems.add("spec.rollout.restartWindow.start: expected HH:MM");
    }
    if (window.getEnd() == null || !TIME.matcher(window.getEnd()).matches()) {
      problems.add("spec.rollout.restartWindow.end: expected HH:MM");
    }
    if (window.getStart() != null && window.getStart().equals(window.getEnd())) {
      problems.add("spec.rollout.restartWindow: start and end are equal, so the window never opens");
    }
    if (window.getTimeZone() != null) {
      try {
        java.time.ZoneId.of(window.getTimeZone());
      } catch (java.time.DateTimeException e) {
        problems.add("spec.rollout.restartWindow.timeZone: unknown time zone '" + window.getTimeZone() + "'");
      }
    }
    return problems;
  }
}
