package io.dbsecrets.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The generated CRD on a real API server: it installs and is served, and the server itself (OpenAPI schema and CEL
 * rules, which the mock server does not evaluate) rejects invalid resources with messages that name the field.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class CrdValidationIT {
  private static String namespace;
  private static CustomResourceDefinition installed;

  @BeforeAll
  static void installCrd(KubernetesClient admin) {
    installed = RealCluster.installCrd(admin);
    namespace = RealCluster.newNamespace(admin, "crd-it");
  }

  @Test
  void generatedCrdInstallsAndIsEstablished() {
    assertThat(RealCluster.established(installed)).isTrue();
    assertThat(installed.getStatus().getAcceptedNames().getShortNames()).containsExactly("edbs");
    assertThat(installed.getSpec().getVersions()).singleElement()
        .satisfies(v -> assertThat(v.getSubresources().getStatus()).isNotNull());
  }

  @Test
  void validResourceIsAccepted(KubernetesClient admin) {
    GenericKubernetesResource created = create(admin, """
        metadata: {name: valid}
        spec:
          secretId: arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/fcj/momentum-AbCdEf
          refreshInterval: 1h30m
          versionStage: AWSCURRENT
          data: [{key: DB_PASSWORD, property: password}]
          template: {DB_URL: "jdbc:postgresql://{{ host }}/{{ dbname }}"}
          rollout: {targets: [{kind: Deployment, name: api}]}
          target:
            labels: {app.kubernetes.io/name: api, tier: ""}
            annotations: {example.com/note: "any text: spaces and all"}
        """);
    assertThat(created.getMetadata().getUid()).isNotBlank();
  }

  @Test
  void refreshIntervalThatIsNotAGoDurationIsRejected(KubernetesClient admin) {
    assertRejected(admin, """
        metadata: {name: bad-interval}
        spec: {secretId: dev/app, refreshInterval: 1 day}
        """, "spec.refreshInterval", "1 day");
  }

  @Test
  void versionIdTogetherWithVersionStageIsRejectedByTheCelRule(KubernetesClient admin) {
    assertRejected(admin, """
        metadata: {name: both-versions}
        spec: {secretId: dev/app, versionId: 3f1c2d4e-0000-4000-8000-000000000000, versionStage: AWSPREVIOUS}
        """, "spec", "versionId and versionStage are mutually exclusive");
  }

  @Test
  void missingSecretIdIsRejected(KubernetesClient admin) {
    assertRejected(admin, """
        metadata: {name: no-secret-id}
        spec: {refreshInterval: 1h}
        """, "spec.secretId", "Required value");
  }

  @Test
  void secretIdThatIsNeitherANameNorASecretsManagerArnIsRejected(KubernetesClient admin) {
    assertRejected(admin, """
        metadata: {name: bad-arn}
        spec: {secretId: "arn:aws:s3:::my-bucket/secret"}
        """, "spec.secretId", "arn:aws:s3:::my-bucket/secret");
  }

  @Test
  void dataKeyThatIsNotAValidSecretKeyIsRejected(KubernetesClient admin) {
    assertRejected(admin, """
        metadata: {name: bad-key}
        spec:
          secretId: dev/app
          data: [{key: "DB PASSWORD!", property: password}]
        """, "spec.data", "every data key must be a valid Secret key");
  }

  @Test
  void templateKeyThatIsNotAValidSecretKeyIsRejected(KubernetesClient admin) {
    assertRejected(admin, """
        metadata: {name: bad-template-key}
        spec:
          secretId: dev/app
          template: {"db/url": "{{ host }}"}
        """, "spec.template", "every template key must be a valid Secret key");
  }

  @Test
  void labelValueOver63CharactersIsRejected(KubernetesClient admin) {
    assertRejected(admin, """
        metadata: {name: long-label}
        spec:
          secretId: dev/app
          target: {labels: {team: %s}}
        """.formatted("x".repeat(64)), "spec.target.labels", "every label value must be at most 63 characters");
  }

  @Test
  void labelAndAnnotationKeysThatAreNotKubernetesKeysAreRejected(KubernetesClient admin) {
    assertRejected(admin, """
        metadata: {name: bad-label-key}
        spec:
          secretId: dev/app
          target: {labels: {"bad key!": v}}
        """, "spec.target.labels", "every label key must be a valid Kubernetes label key");
    assertRejected(admin, """
        metadata: {name: bad-annotation-key}
        spec:
          secretId: dev/app
          target: {annotations: {"a/b/c": v}}
        """, "spec.target.annotations", "every annotation key must be a valid Kubernetes annotation key");
  }

  @Test
  void resourceAtEveryLimitIsAcceptedWithinTheCelCostBudget(KubernetesClient admin) {
    String template = "{{ host }}" + "x".repeat(4096 - "{{ host }}".length());
    StringBuilder yaml = new StringBuilder("metadata: {name: at-limits}\nspec:\n  secretId: dev/app\n  template:\n");
    for (int i = 0; i < 32; i++) {
      yaml.append("    K").append(i).append(": \"").append(template).append("\"\n");
    }
    yaml.append("  target:\n    labels:\n");
    for (int i = 0; i < 64; i++) {
      yaml.append("      l").append(i).append(": v\n");
    }
    yaml.append("  rollout:\n    targets:\n");
    for (int i = 0; i < 32; i++) {
      yaml.append("    - {kind: Deployment, name: app").append(i).append("}\n");
    }

    assertThat(create(admin, yaml.toString()).getMetadata().getUid()).isNotBlank();
  }

  @Test
  void templateLongerThanTheRendererAcceptsIsRejected(KubernetesClient admin) {
    assertRejected(admin, """
        metadata: {name: long-template}
        spec:
          secretId: dev/app
          template: {URL: "%s"}
        """.formatted("x".repeat(4097)), "spec.template", "templates at most 4096");
  }

  @Test
  void moreTemplateKeysThanTheLimitAreRejected(KubernetesClient admin) {
    StringBuilder templates = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      templates.append(i == 0 ? "" : ", ").append("K").append(i).append(": x");
    }
    assertRejected(admin, """
        metadata: {name: many-templates}
        spec: {secretId: dev/app, template: {%s}}
        """.formatted(templates), "spec.template", "must have at most 32 items");
  }

  @Test
  void moreLabelsThanTheLimitAreRejected(KubernetesClient admin) {
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i < 65; i++) {
      labels.append(i == 0 ? "" : ", ").append("l").append(i).append(": v");
    }
    assertRejected(admin, """
        metadata: {name: many-labels}
        spec: {secretId: dev/app, target: {labels: {%s}}}
        """.formatted(labels), "spec.target.labels", "must have at most 64 items");
  }

  @Test
  void moreRolloutTargetsThanTheLimitAreRejected(KubernetesClient admin) {
    StringBuilder targets = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      targets.append(i == 0 ? "" : ", ").append("{kind: Deployment, name: app").append(i).append("}");
    }
    assertRejected(admin, """
        metadata: {name: many-targets}
        spec: {secretId: dev/app, rollout: {targets: [%s]}}
        """.formatted(targets), "spec.rollout.targets", "must have at most 32 items");
  }

  @Test
  void secretIdLongerThanTheLimitIsRejected(KubernetesClient admin) {
    assertRejected(admin, """
        metadata: {name: long-arn}
        spec: {secretId: "arn:aws:secretsmanager:us-east-1:111122223333:secret:%s"}
        """.formatted("a".repeat(2048)), "spec.secretId", "Too long");
  }

  private static void assertRejected(KubernetesClient admin, String yaml, String field, String explanation) {
    assertThatThrownBy(() -> create(admin, yaml))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage())
              .as("the server's message names the field and says what is wrong")
              .contains(field + ": ")
              .contains(explanation);
        });
  }

  private static GenericKubernetesResource create(KubernetesClient admin, String yaml) {
    GenericKubernetesResource resource = Serialization.unmarshal(
        "apiVersion: dbsecrets.io/v1alpha1\nkind: ExternalDbSecret\n" + yaml, GenericKubernetesResource.class);
    return admin.genericKubernetesResources("dbsecrets.io/v1alpha1", "ExternalDbSecret").inNamespace(namespace)
        .resource(resource).create();
  }
}
