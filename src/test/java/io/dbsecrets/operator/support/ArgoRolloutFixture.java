package io.dbsecrets.operator.support;

import io.dbsecrets.operator.rollout.ArgoRollouts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The tests' Argo Rollouts: the stand-in CRD (src/test/resources/argo/rollouts-crd.yaml, no controller) and Rollouts
 * whose pod template reads a Secret, as plain generic objects.
 */
public final class ArgoRolloutFixture {
  public static final String CRD_RESOURCE = "/argo/rollouts-crd.yaml";
  private static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
      .withGroup(ArgoRollouts.GROUP).withVersion(ArgoRollouts.VERSION).withKind("Rollout")
      .withPlural(ArgoRollouts.PLURAL).withNamespaced(true).build();

  private ArgoRolloutFixture() {}

  public static CustomResourceDefinition crd(KubernetesClient client) {
    try (InputStream yaml = ArgoRolloutFixture.class.getResourceAsStream(CRD_RESOURCE)) {
      return client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> rollouts(KubernetesClient client) {
    return client.genericKubernetesResources(CONTEXT);
  }

  /** A Rollout whose containers read the Secret through envFrom. */
  public static GenericKubernetesResource readingSecret(String name, String secretName) {
    Map<String, Object> template = Map.of(
        "metadata", Map.of("labels", Map.of("app", name)),
        "spec", Map.of("containers", List.of(Map.of("name", name, "image", "registry.invalid/" + name + ":1",
            "envFrom", List.of(Map.of("secretRef", Map.of("name", secretName)))))));
    return rollout(name, Map.of("replicas", 2, "selector", Map.of("matchLabels", Map.of("app", name)),
        "template", template, "strategy", Map.of("canary", Map.of())));
  }

  /** A Rollout that runs the pod template of a Deployment (spec.workloadRef). */
  public static GenericKubernetesResource referencing(String name, String deployment) {
    return rollout(name, Map.of("replicas", 2, "selector", Map.of("matchLabels", Map.of("app", deployment)),
        "workloadRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", deployment),
        "strategy", Map.of("canary", Map.of())));
  }

  private static GenericKubernetesResource rollout(String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(ArgoRollouts.GROUP + "/" + ArgoRollouts.VERSION).withKind("Rollout")
        .withNewMetadata().withName(name).endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> spec(GenericKubernetesResource rollout) {
    return (Map<String, Object>) rollout.getAdditionalProperties().get("spec");
  }
}
