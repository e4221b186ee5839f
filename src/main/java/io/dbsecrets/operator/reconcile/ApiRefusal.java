package io.dbsecrets.operator.reconcile;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Describes the API server's refusal of a write, for status and Events. Pure. Built from the field paths and cause
 * reasons of the server's Status only: the server's own messages quote the invalid value ({@code Invalid value:
 * "..."}), which for a Secret may be data.
 */
public final class ApiRefusal {
  /** Bad request, forbidden (RBAC or an admission webhook), too large, invalid: retrying the same write is futile. */
  private static final Set<Integer> REFUSALS = Set.of(400, 403, 413, 422);
  private static final Map<String, String> CAUSES = Map.of(
      "FieldValueRequired", "is required",
      "FieldValueTooLong", "is too long",
      "FieldValueTooMany", "has too many items",
      "FieldValueInvalid", "is invalid",
      "FieldValueNotSupported", "is not a supported value",
      "FieldValueForbidden", "is forbidden",
      "FieldValueDuplicate", "is duplicated",
      "FieldValueTypeInvalid", "has the wrong type");

  private ApiRefusal() {}

  /** @return what the server refused, or empty when the failure is not a refusal (conflict, outage, 5xx) */
  public static Optional<String> describe(KubernetesClientException e) {
    if (!REFUSALS.contains(e.getCode())) {
      return Optional.empty();
    }
    Status status = e.getStatus();
    String reason = status == null || status.getReason() == null ? "" : " " + status.getReason();
    List<StatusCause> causes = status == null || status.getDetails() == null || status.getDetails().getCauses() == null
        ? List.of() : status.getDetails().getCauses();
    String summary = "HTTP " + e.getCode() + reason;
    if (causes.isEmpty()) {
      return Optional.of(summary);
    }
    return Optional.of(summary + ": " + causes.stream()
        .map(cause -> (cause.getField() == null ? "the object" : cause.getField()) + " "
            + CAUSES.getOrDefault(cause.getReason(), "was refused (" + cause.getReason() + ")"))
        .distinct()
        .collect(Collectors.joining("; ")));
  }
}
