package io.dbsecrets.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

/** The informer caches as the watch fills them: objects parsed from the API server's JSON, then stored. */
class CompactItemStoreTest {
  static final String RESOURCE_JSON = """
      {"apiVersion": "dbsecrets.io/v1alpha1", "kind": "ExternalDbSecret",
       "metadata": {"name": "orders-db", "namespace": "shop", "uid": "5f0c-1", "resourceVersion": "17",
         "generation": 2, "creationTimestamp": "2026-11-29T10:00:00Z",
         "labels": {"team": "payments"},
         "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"dbsecrets.io/v1alpha1\\"}",
           "dbsecrets.io/force-sync": "2026-11-29T10:05:00Z"},
         "managedFields": [{"manager": "kubectl", "operation": "Update", "fieldsV1": {"f:spec": {"f:secretId": {}}}}]},
       "spec": {"secretId": "prod/orders", "refreshInterval": "60s"},
       "status": {"targetSecret": "orders-db", "syncedVersionStages": ["AWSCURRENT"],
         "conditions": [{"type": "Ready", "status": "True", "reason": "Synced", "message": "Secret 'orders-db' holds version v1",
           "lastTransitionTime": "2026-11-29T10:00:01Z"}]}}
      """;
  static final String SECRET_JSON = """
      {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
       "metadata": {"name": "orders-db", "namespace": "shop", "uid": "9a1e-2", "resourceVersion": "18",
         "labels": {"app.kubernetes.io/managed-by": "externaldbsecret-operator"},
         "annotations": {"dbsecrets.io/external-db-secret": "orders-db", "dbsecrets.io/managed-keys": "password",
           "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"v1\\"}"},
         "ownerReferences": [{"apiVersion": "dbsecrets.io/v1alpha1", "kind": "ExternalDbSecret", "name": "orders-db",
           "uid": "5f0c-1", "controller": true, "blockOwnerDeletion": false}],
         "managedFields": [{"manager": "operator", "operation": "Update", "fieldsV1": {"f:data": {"f:password": {}}}}]},
       "data": {"password": "c2VjcmV0"}}
      """;

  @Test
  void keepsObjectsByNamespaceAndNameWithoutTheirManagedFields() {
    Secret kept = stored(CompactItemStore.ofSecrets(), Serialization.unmarshal(SECRET_JSON, Secret.class), "shop/orders-db");

    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by",
        "externaldbsecret-operator");
    assertThat(kept.getData()).containsEntry("password", "c2VjcmV0");
    assertThat(kept.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo("5f0c-1"));
  }

  @Test
  void dropsKubectlsLastAppliedConfigurationFromResourcesAndKeepsWhatTheOperatorReads() {
    ExternalDbSecret kept = stored(CompactItemStore.ofResources(),
        Serialization.unmarshal(RESOURCE_JSON, ExternalDbSecret.class), "shop/orders-db");

    assertThat(kept.getMetadata().getAnnotations()).containsOnlyKeys(ExternalDbSecret.FORCE_SYNC_ANNOTATION);
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getLabels()).containsEntry("team", "payments");
    assertThat(kept.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(kept.getSpec().getSecretId()).isEqualTo("prod/orders");
    assertThat(kept.getStatus().getConditions()).singleElement()
        .satisfies(ready -> assertThat(ready.getReason()).isEqualTo("Synced"));
  }

  /** The operator writes a managed Secret whole, with the annotations it cached: dropping one would erase it. */
  @Test
  void keepsEveryAnnotationOfAManagedSecret() {
    Secret kept = stored(CompactItemStore.ofSecrets(), Serialization.unmarshal(SECRET_JSON, Secret.class), "shop/orders-db");

    assertThat(kept.getMetadata().getAnnotations()).containsOnlyKeys("dbsecrets.io/external-db-secret",
        "dbsecrets.io/managed-keys", CachedCopies.LAST_APPLIED);
  }

  @Test
  void cachedObjectsShareTheirRepeatedStringsButNotSecretData() {
    CompactItemStore<Secret> secrets = CompactItemStore.ofSecrets();
    Secret first = stored(secrets, Serialization.unmarshal(SECRET_JSON, Secret.class), "shop/orders-db");
    Secret second = stored(secrets, Serialization.unmarshal(SECRET_JSON.replace("\"orders-db\"", "\"invoices-db\""),
        Secret.class), "shop/invoices-db");
    ExternalDbSecret resource = stored(CompactItemStore.ofResources(),
        Serialization.unmarshal(RESOURCE_JSON, ExternalDbSecret.class), "shop/orders-db");

    assertThat(second.getMetadata().getNamespace()).isSameAs(first.getMetadata().getNamespace());
    assertThat(second.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))
        .isSameAs(first.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertThat(second.getType()).isSameAs(first.getType());
    assertThat(second.getMetadata().getOwnerReferences().get(0).getKind())
        .isSameAs(first.getMetadata().getOwnerReferences().get(0).getKind());
    assertThat(first.getMetadata().getName()).isSameAs(resource.getMetadata().getName())
        .isSameAs(first.getMetadata().getOwnerReferences().get(0).getName())
        .isSameAs(first.getMetadata().getAnnotations().get("dbsecrets.io/external-db-secret"))
        .isSameAs(resource.getStatus().getTargetSecret());
    assertThat(first.getMetadata().getOwnerReferences().get(0).getUid()).isSameAs(resource.getMetadata().getUid());
    assertThat(resource.getStatus().getConditions().get(0).getType()).isSameAs("Ready");
    assertThat(second.getData().get("password")).isEqualTo(first.getData().get("password"))
        .isNotSameAs(first.getData().get("password"));
  }

  @Test
  void emptyMapsAndListsOfCachedObjectsAreOneSharedInstance() {
    Secret first = stored(CompactItemStore.ofSecrets(), Serialization.unmarshal(SECRET_JSON, Secret.class), "shop/orders-db");
    ExternalDbSecret resource = stored(CompactItemStore.ofResources(),
        Serialization.unmarshal(RESOURCE_JSON, ExternalDbSecret.class), "shop/orders-db");

    assertThat(first.getStringData()).isEmpty();
    assertThat(first.getAdditionalProperties()).isSameAs(first.getMetadata().getAdditionalProperties())
        .isSameAs(resource.getMetadata().getAdditionalProperties())
        .isSameAs(resource.getSpec().getTemplate())
        .isSameAs(resource.getStatus().getConditions().get(0).getAdditionalProperties());
    assertThat(first.getMetadata().getFinalizers()).isEmpty();
    assertThat(first.getMetadata().getFinalizers()).isSameAs(resource.getMetadata().getOwnerReferences())
        .isSameAs(resource.getSpec().getRollout().getTargets());
  }

  /** JOSDK hands the reconciler a copy made through JSON: the compact copy must make the same one. */
  @Test
  void aCompactResourceCopiesThroughJsonAsTheServerSentItLessTheDroppedFields() {
    ExternalDbSecret kept = stored(CompactItemStore.ofResources(),
        Serialization.unmarshal(RESOURCE_JSON, ExternalDbSecret.class), "shop/orders-db");
    ExternalDbSecret expected = Serialization.unmarshal(RESOURCE_JSON, ExternalDbSecret.class);
    expected.getMetadata().setManagedFields(null);
    expected.getMetadata().getAnnotations().remove(CachedCopies.LAST_APPLIED);

    ExternalDbSecret copy = Serialization.clone(kept);

    assertThat(Serialization.asJson(copy)).isEqualTo(Serialization.asJson(expected));
    copy.getSpec().getTemplate().put("DB_URL", "{{ host }}");
    copy.getMetadata().getAnnotations().put("team", "payments");
    assertThat(kept.getSpec().getTemplate()).isEmpty();
  }

  /** The reconciler gets JOSDK's copy; what it keeps per resource under that copy's ID shares the cache's strings. */
  @Test
  void theIdOfACopyUsesTheCachedStrings() {
    ExternalDbSecret kept = stored(CompactItemStore.ofResources(),
        Serialization.unmarshal(RESOURCE_JSON, ExternalDbSecret.class), "shop/orders-db");
    ExternalDbSecret copy = Serialization.clone(kept);

    ResourceID id = CachedCopies.idOf(copy);

    assertThat(id).isEqualTo(ResourceID.fromResource(kept));
    assertThat(id.getName()).isSameAs(kept.getMetadata().getName());
    assertThat(id.getNamespace()).containsSame(kept.getMetadata().getNamespace());
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> R stored(CompactItemStore<R> store, R object,
      String key) {
    store.put(store.getKey(object), object);
    return store.get(key);
  }
}
