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
