package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.render.SecretData;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredSecretTest {
  static final String UID = "0f6c2b1e-1111-4222-8333-944455556666";

  @Test
  void newSecretCarriesDataMarkersAndAnOwnerReference() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);

    Secret secret = DesiredSecret.toWrite(resource, data("DB_PASSWORD", "hunter2"), null).orElseThrow();

    assertThat(secret.getMetadata().getName()).isEqualTo("momentum-db");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo("payments");
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(decoded(secret)).containsExactly(Map.entry("DB_PASSWORD", "hunter2"));
    assertThat(secret.getMetadata().getLabels())
        .containsEntry(ManagedSecrets.MANAGED_BY_LABEL, ManagedSecrets.MANAGED_BY_VALUE);
    assertThat(ManagedSecrets.isManagedBy(secret, "momentum-db")).isTrue();
    assertThat(ManagedSecrets.managedKeys(secret)).containsExactly("DB_PASSWORD");
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getUid()).isEqualTo(UID);
      assertThat(ref.getKind()).isEqualTo("ExternalDbSecret");
      assertThat(ref.getApiVersion()).isEqualTo("dbsecrets.io/v1alpha1");
      assertThat(ref.getController()).isTrue();
    });
  }

  @Test
  void targetNameAndTypeComeFromTheSpec() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);
    resource.getSpec().getTarget().setName("momentum-credentials");
    resource.getSpec().getTarget().setType("kubernetes.io/basic-auth");

    Secret secret = DesiredSecret.toWrite(resource, data("username", "app", "password", "pw"), null).orElseThrow();

    assertThat(secret.getMetadata().getName()).isEqualTo("momentum-credentials");
    assertThat(secret.getType()).isEqualTo("kubernetes.io/basic-auth");
  }

  @Test
  void writesNothingWhenTheSecretAlreadyHoldsExactlyThis() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);
    resource.getSpec().getTarget().setLabels(Map.of("app", "api"));
    resource.getSpec().getTarget().setAnnotations(Map.of("team", "payments"));
    Secret stored = asStored(DesiredSecret.toWrite(resource, data("b", "2", "a", "1"), null).orElseThrow());

    assertThat(DesiredSecret.toWrite(resource, data("a", "1", "b", "2"), stored)).isEmpty();
  }

  @Test
  void changedValueIsWrittenAgainstTheCurrentResourceVersion() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);
    Secret stored = asStored(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "old"), null).orElseThrow());

    Secret update = DesiredSecret.toWrite(resource, data("DB_PASSWORD", "new"), stored).orElseThrow();

    assertThat(decoded(update)).containsExactly(Map.entry("DB_PASSWORD", "new"));
    assertThat(update.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(update.getMetadata().getOwnerReferences()).hasSize(1);
  }

  @Test
  void handEditedSecretIsPutBackWithoutTheAddedKey() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);
    Secret stored = asStored(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "hunter2"), null).orElseThrow());
    stored.getData().put("DB_PASSWORD", b64("edited"));
    stored.getData().put("EXTRA", b64("x"));

    Secret repaired = DesiredSecret.toWrite(resource, data("DB_PASSWORD", "hunter2"), stored).orElseThrow();

    assertThat(decoded(repaired)).containsExactly(Map.entry("DB_PASSWORD", "hunter2"));
  }

  @Test
  void orphanPolicyAddsNoOwnerReference() {
    Secret secret = DesiredSecret.toWrite(resource(CreationPolicy.Orphan), data("k", "v"), null).orElseThrow();

    assertThat(secret.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void switchingFromOwnerToOrphanRemovesOurOwnerReferenceSoTheSecretOutlivesTheResource() {
    Secret ownedBefore = asStored(
        DesiredSecret.toWrite(resource(CreationPolicy.Owner), data("k", "v"), null).orElseThrow());
    ownedBefore.getMetadata().getOwnerReferences().add(foreignOwner());

    Secret update = DesiredSecret.toWrite(resource(CreationPolicy.Orphan), data("k", "v"), ownedBefore).orElseThrow();

    assertThat(update.getMetadata().getOwnerReferences()).extracting(OwnerReference::getUid)
        .containsExactly("foreign-uid");
    Secret stored = asStored(update);
    assertThat(DesiredSecret.toWrite(resource(CreationPolicy.Orphan), data("k", "v"), stored)).isEmpty();
  }

  @Test
  void ownerPolicyKeepsOtherOwnerReferences() {
    Secret existing = asStored(DesiredSecret.toWrite(resource(CreationPolicy.Orphan), data("k", "v"), null)
        .orElseThrow());
    existing.getMetadata().setOwnerReferences(new ArrayList<>(List.of(foreignOwner())));

    Secret update = DesiredSecret.toWrite(resource(CreationPolicy.Owner), data("k", "v"), existing).orElseThrow();

    assertThat(update.getMetadata().getOwnerReferences()).extracting(OwnerReference::getUid)
        .containsExactlyInAnyOrder("foreign-uid", UID);
  }

  @Test
  void mergeKeepsForeignKeysAndAddsNoOwnerReference() {
    Secret existing = unmanaged("Opaque", Map.of("API_KEY", "keep-me"));

    Secret merged = DesiredSecret.toWrite(resource(CreationPolicy.Merge), data("DB_PASSWORD", "hunter2"), existing)
        .orElseThrow();

    assertThat(decoded(merged)).containsOnly(Map.entry("API_KEY", "keep-me"), Map.entry("DB_PASSWORD", "hunter2"));
    assertThat(merged.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(merged.getMetadata().getLabels()).containsEntry("team", "payments");
    assertThat(ManagedSecrets.managedKeys(merged)).containsExactly("DB_PASSWORD");
  }

  @Test
  void mergeDropsOnlyTheKeysItWroteBeforeAndNoLongerRenders() {
    ExternalDbSecret resource = resource(CreationPolicy.Merge);
    Secret existing = asStored(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw", "DB_USER", "app"),
        unmanaged("Opaque", Map.of("API_KEY", "keep-me"))).orElseThrow());

    Secret merged = DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), existing).orElseThrow();

    assertThat(decoded(merged)).containsOnly(Map.entry("API_KEY", "keep-me"), Map.entry("DB_PASSWORD", "pw"));
    assertThat(ManagedSecrets.managedKeys(merged)).containsExactly("DB_PASSWORD");
  }

  @Test
  void mergeWritesNothingWhenOurKeysAlreadyMatch() {
    ExternalDbSecret resource = resource(CreationPolicy.Merge);
    Secret stored = asStored(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"),
        unmanaged("Opaque", Map.of("API_KEY", "keep-me"))).orElseThrow());

    assertThat(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), stored)).isEmpty();
  }

  @Test
  void mergeIntoASecretOfAnotherTypeKeepsItsTypeAndDoesNotChurn() {
    ExternalDbSecret resource = resource(CreationPolicy.Merge);
    Secret merged = DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"),
        unmanaged("kubernetes.io/basic-auth", Map.of("username", "app"))).orElseThrow();

    assertThat(merged.getType()).isEqualTo("kubernetes.io/basic-auth");
    assertThat(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), asStored(merged))).isEmpty();
  }

  @Test
  void switchingFromOwnerToMergeRemovesOurOwnerReference() {
    Secret ownedBefore = asStored(
        DesiredSecret.toWrite(resource(CreationPolicy.Owner), data("k", "v"), null).orElseThrow());

    Secret update = DesiredSecret.toWrite(resource(CreationPolicy.Merge), data("k", "v"), ownedBefore).orElseThrow();

    assertThat(update.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void specLabelsAndAnnotationsAreAppliedAndForeignOnesKept() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);
    Secret stored = asStored(DesiredSecret.toWrite(resource, data("k", "v"), null).orElseThrow());
    stored.getMetadata().getLabels().put("added-by", "someone-else");
    stored.getMetadata().getAnnotations().put("reloader.stakater.com/match", "true");
    resource.getSpec().getTarget().setLabels(Map.of("app", "api"));
    resource.getSpec().getTarget().setAnnotations(Map.of("team", "payments"));

    Secret update = DesiredSecret.toWrite(resource, data("k", "v"), stored).orElseThrow();

    assertThat(update.getMetadata().getLabels()).containsEntry("app", "api").containsEntry("added-by", "someone-else")
        .containsEntry(ManagedSecrets.MANAGED_BY_LABEL, ManagedSecrets.MANAGED_BY_VALUE);
    assertThat(update.getMetadata().getAnnotations()).containsEntry("team", "payments")
        .containsEntry("reloader.stakater.com/match", "true");
  }

  @Test
  void ownedSecretOfAnotherTypeIsReplacedButAMergeTargetNever() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);
    Secret opaque = asStored(DesiredSecret.toWrite(resource, data("k", "v"), null).orElseThrow());

    assertThat(DesiredSecret.needsReplacement(resource, opaque)).isFalse();
    assertThat(DesiredSecret.needsReplacement(resource, null)).isFalse();
    resource.getSpec().getTarget().setType("kubernetes.io/basic-auth");
    assertThat(DesiredSecret.needsReplacement(resource, opaque)).isTrue();
    resource.getSpec().getTarget().setCreationPolicy(CreationPolicy.Merge);
    assertThat(DesiredSecret.needsReplacement(resource, opaque)).isFalse();
  }

  @Test
  void driftCheckOfAMergeTargetSeesOnlyOurKeys() {
    ExternalDbSecret resource = resource(CreationPolicy.Merge);
    Secret stored = asStored(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"),
        unmanaged("Opaque", Map.of("API_KEY", "keep-me"))).orElseThrow());

    assertThat(DesiredSecret.managedData(stored, resource)).isEqualTo(data("DB_PASSWORD", "pw"));
    assertThat(DesiredSecret.managedData(stored, resource(CreationPolicy.Owner)).keys())
        .containsExactly("API_KEY", "DB_PASSWORD");
  }

  static ExternalDbSecret resource(CreationPolicy policy) {
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.setMetadata(new ObjectMetaBuilder().withName("momentum-db").withNamespace("payments").withUid(UID)
        .withGeneration(1L).build());
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId("dev/fcj/momentum");
    spec.getTarget().setCreationPolicy(policy);
    resource.setSpec(spec);
    return resource;
  }

  /** What the API server hands back: a copy with a resourceVersion, a type, and mutable maps. */
  static Secret asStored(Secret written) {
    Secret stored = new SecretBuilder(written).editMetadata().withResourceVersion("7").endMetadata().build();
    stored.setData(new LinkedHashMap<>(written.getData()));
    stored.getMetadata().setLabels(new LinkedHashMap<>(written.getMetadata().getLabels()));
    stored.getMetadata().setAnnotations(new LinkedHashMap<>(written.getMetadata().getAnnotations()));
    if (written.getMetadata().getOwnerReferences() != null) {
      stored.getMetadata().setOwnerReferences(new ArrayList<>(written.getMetadata().getOwnerReferences()));
    }
    return stored;
  }

  static Secret unmanaged(String type, Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((k, v) -> data.put(k, b64(v)));
    return new SecretBuilder().withNewMetadata().withName("momentum-db").withNamespace("payments")
        .withResourceVersion("3").withLabels(Map.of("team", "payments")).endMetadata()
        .withType(type).withData(data).build();
  }

  static OwnerReference foreignOwner() {
    return new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("anchor")
        .withUid("foreign-uid").build();
  }

  static SecretData data(String... keysAndValues) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      entries.put(keysAndValues[i], keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return SecretData.of(entries);
  }

  static Map<String, String> decoded(Secret secret) {
    SecretData data = SecretData.fromBase64(secret.getData());
    Map<String, String> values = new LinkedHashMap<>();
    data.keys().forEach(k -> values.put(k, data.utf8(k)));
    return values;
  }

  static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
