package io.dbsecrets.operator.rollout;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Argo Rollouts' Rollouts, read and patched as generic objects (no compile-time dependency on Argo). Whether the CRD
 * is installed comes from API discovery, kept by {@link ServedResource}: without it, auto-detection skips the kind and
 * a named Rollout is reported as such. Needs get, list and patch on argoproj.io rollouts; discovery needs no grant
 * (every authenticated user may read it).
 */
public class ArgoRollouts {
  public static final String GROUP = "argoproj.io";
  public static final String VERSION = "v1alpha1";
  public static final String PLURAL = "rollouts";
  public static final String CRD_NAME = PLURAL + "." + GROUP;
  public static final String NOT_INSTALLED = "the Argo Rollouts CRD (" + CRD_NAME + ") is not installed";
  private static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
      .withGroup(GROUP).withVersion(VERSION).withKind("Rollout").withPlural(PLURAL).withNamespaced(true).build();

  private final KubernetesClient client;
  private final ServedResource served;

  public ArgoRollouts(KubernetesClient client, Clock clock) {
    this.client = client;
    this.served = new ServedResource(this::discover, clock);
  }

  /**
   * @throws WorkloadKindNotInstalled when the Rollout is missing because the CRD is (asked afresh: a named target
   *     must say which of the two it is)
   */
  public Optional<ArgoRollout> find(String namespace, String name) {
    GenericKubernetesResource found = rollouts().inNamespace(namespace).withName(name).get();
    if (found == null && !served.recheck()) {
      throw new WorkloadKindNotInstalled(NOT_INSTALLED);
    }
    return Optional.ofNullable(found).map(this::read);
  }

  /** Every Rollout in the namespace; none when the CRD is not installed. */
  public List<ArgoRollout> list(String namespace) {
    if (!served.served()) {
      return List.of();
    }
    try {
      return rollouts().inNamespace(namespace).list().getItems().stream().map(this::read).toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      served.gone();
      return List.of();
    }
  }

  /**
   * Restarts the Rollout the way {@code kubectl argo rollouts restart} does, by setting spec.restartAt (RFC 3339, to
   * the second, rounded up so that every pod created before the restart is older than it), and puts the marker
   * annotations on the Rollout's own metadata: on its pod template they would change the template, which Argo
   * answers with a whole new canary or blue-green revision instead of a restart. One JSON merge patch does both.
   */
  public void restart(WorkloadRef rollout, Instant at, Map<String, String> annotations) {
    Instant restartAt = at.truncatedTo(ChronoUnit.SECONDS).equals(at) ? at
        : at.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    String patch = Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations),
        "spec", Map.of("restartAt", restartAt.toString())));
    rollouts().inNamespace(rollout.namespace()).withName(rollout.name())
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private ArgoRollout read(GenericKubernetesResource rollout) {
    return ArgoRollout.of(rollout, client.getKubernetesSerialization());
  }

  private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> rollouts() {
    return client.genericKubernetesResources(CONTEXT);
  }

  private boolean discover() {
    APIResourceList resources = client.getApiResources(GROUP + "/" + VERSION);
    return resources != null && resources.getResources() != null
        && resources.getResources().stream().anyMatch(r -> PLURAL.equals(r.getName()));
  }
}
