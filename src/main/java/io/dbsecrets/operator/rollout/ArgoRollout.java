package io.dbsecrets.operator.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator reads of an Argo Rollouts {@code Rollout} (argoproj.io/v1alpha1), read from the generic object so
 * the operator needs none of Argo's types. A restart sets {@code spec.restartAt}; Argo's controller then evicts, one
 * at a time, every pod created before it, and once none is left sets {@code status.restartedAt}: that is when the
 * restart is complete.
 *
 * @param annotations the Rollout's own metadata annotations, where the operator keeps its restart marker
 */
public record ArgoRollout(String namespace, String name, Long generation, Map<String, String> annotations, Spec spec,
                          Status status) {
  public ArgoRollout {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    spec = spec == null ? new Spec(null, null, null, null, null) : spec;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Spec(Boolean paused, String restartAt, Integer progressDeadlineSeconds, PodTemplateSpec template,
                     TemplateRef workloadRef) {}

  /** {@code spec.workloadRef}: the Rollout takes its pod template from this object (a Deployment). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TemplateRef(String apiVersion, String kind, String name) {}

  /** Argo's status; observedGeneration is a string in Argo's schema (a number in current versions). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Status(String phase, String message, String restartedAt, String observedGeneration, Integer replicas,
                       Integer availableReplicas) {}

  public static ArgoRollout of(GenericKubernetesResource rollout, KubernetesSerialization json) {
    Map<String, Object> fields = rollout.getAdditionalProperties();
    return new ArgoRollout(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(),
        rollout.getMetadata().getGeneration(), rollout.getMetadata().getAnnotations(),
        fields.get("spec") == null ? null : json.convertValue(fields.get("spec"), Spec.class),
        fields.get("status") == null ? null : json.convertValue(fields.get("status"), Status.class));
  }

  public boolean paused() {
    return Boolean.TRUE.equals(spec.paused());
  }

  /** The pod spec of {@code spec.template}; null for a Rollout that takes its template from a workloadRef. */
  public PodSpec podSpec() {
    return spec.template() == null ? null : spec.template().getSpec();
  }

  /** The Deployment whose template this Rollout runs ({@code spec.workloadRef}), if any. */
  public Optional<String> templateDeployment() {
    TemplateRef ref = spec.workloadRef();
    return ref != null && "Deployment".equals(ref.kind()) && ref.name() != null
        && (ref.apiVersion() == null || ref.apiVersion().startsWith("apps/")) ? Optional.of(ref.name())
        : Optional.empty();
  }

  /** How long after its restart the operator counts a Rollout still restarting as failed (Argo sets no deadline). */
  public Duration deadline() {
    Integer seconds = spec.progressDeadlineSeconds();
    return (seconds == null ? RolloutProgress.DEFAULT_DEADLINE : Duration.ofSeconds(seconds))
        .plus(RolloutProgress.CONTROLLER_GRACE);
  }

  /**
   * Where the Rollout's restart stands: restarting until Argo's controller has observed it and reports a
   * restartedAt at or after restartAt; failed when Argo reports the Rollout Degraded, with Argo's message.
   */
  public RolloutProgress progress() {
    if (status == null || !observed()) {
      return RolloutProgress.restarting("waiting for the Argo Rollouts controller to observe the restart");
    }
    if ("Degraded".equals(status.phase())) {
      return RolloutProgress.failed("Degraded" + (status.message() == null || status.message().isBlank() ? ""
          : ": " + status.message()));
    }
    Optional<Instant> restartAt = instant(spec.restartAt());
    Optional<Instant> restartedAt = instant(status.restartedAt());
    if (restartAt.isPresent() && (restartedAt.isEmpty() || restartedAt.get().isBefore(restartAt.get()))) {
      return RolloutProgress.restarting("Argo Rollouts is restarting the pods created before " + restartAt.get()
          + pods(" available") + phase());
    }
    if (restartAt.isEmpty() && status.phase() != null && !"Healthy".equals(status.phase())) {
      return RolloutProgress.restarting(phase().substring(2));
    }
    return RolloutProgress.complete(restartAt.isPresent() ? "pods restarted" + pods(" available") : "Healthy");
  }

  private boolean observed() {
    if (generation == null || status.observedGeneration() == null) {
      return generation == null;
    }
    try {
      return Long.parseLong(status.observedGeneration()) >= generation;
    } catch (NumberFormatException e) {
      return true; // Argo before 1.0 kept a hash here: it says nothing about the generation
    }
  }

  private String pods(String what) {
    return status.replicas() == null || status.availableReplicas() == null ? ""
        : "; " + status.availableReplicas() + " of " + status.replicas() + " pods" + what;
  }

  private String phase() {
    return status.phase() == null ? "" : "; phase " + status.phase()
        + (status.message() == null || status.message().isBlank() ? "" : ": " + status.message());
  }

  private static Optional<Instant> instant(String at) {
    try {
      return at == null ? Optional.empty() : Optional.of(Instant.parse(at));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
