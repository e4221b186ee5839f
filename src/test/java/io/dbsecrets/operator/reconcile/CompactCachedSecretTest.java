package io.dbsecrets.operator.reconcile;

import static io.dbsecrets.operator.reconcile.DesiredSecretTest.data;
import static io.dbsecrets.operator.reconcile.DesiredSecretTest.decoded;
import static io.dbsecrets.operator.reconcile.DesiredSecretTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.kube.CompactItemStore;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The managed Secret the reconciler gets is the informer cache's compact copy: it decides and writes as before. */
class CompactCachedSecretTest {
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  @Test
  void aCachedSecretThatHoldsTheDataNeedsNoWrite() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);
    Secret cached = cached(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), null).orElseThrow());

    assertThat(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), cached)).isEmpty();
  }

  /** The update is a whole Secret: what the cache kept of its metadata is what the server keeps. */
  @Test
  void anUpdateFromACachedSecretKeepsItsAnnotationsFinalizersAndOtherKeys() {
    ExternalDbSecret resource = resource(CreationPolicy.Merge);
    Secret written = DesiredSecret.toWrite(resource, data("DB_PASSWORD", "old"), null).orElseThrow();
    Secret cached = cached(new SecretBuilder(written).editMetadata().addToAnnotations(LAST_APPLIED, "{}")
        .addToFinalizers("example.com/audit").endMetadata().addToData("OTHER", DesiredSecretTest.b64("theirs")).build());

    Secret update = DesiredSecret.toWrite(resource, data("DB_PASSWORD", "new"), cached).orElseThrow();

    assertThat(update.getMetadata().getAnnotations()).containsKey(LAST_APPLIED);
    assertThat(update.getMetadata().getFinalizers()).containsExactly("example.com/audit");
    assertThat(decoded(update)).containsExactly(Map.entry("DB_PASSWORD", "new"), Map.entry("OTHER", "theirs"));
  }

  @Test
  void aCachedSecretWithNoOwnersOrFinalizersIsReleasedAsBefore() {
    ExternalDbSecret resource = resource(CreationPolicy.Orphan);
    Secret cached = cached(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), null).orElseThrow());

    Secret released = FormerTarget.release(cached, resource, false).orElseThrow();

    assertThat(released.getData()).isEmpty();
    assertThat(released.getMetadata().getAnnotations()).isEmpty();
    released.getMetadata().getAnnotations().put("edited", "after release");
  }

  /** The informer keeps every cache key and index value; a resource, its Secret and both indexes share one string. */
  @Test
  void cacheKeysAndIndexValuesOfAResourceAndItsSecretAreOneString() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);
    Secret cached = cached(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), null).orElseThrow());
    ExternalDbSecret parsed = Serialization.unmarshal(Serialization.asJson(resource), ExternalDbSecret.class);

    String key = CompactItemStore.ofResources().getKey(parsed);

    assertThat(key).isEqualTo("payments/momentum-db")
        .isSameAs(CompactItemStore.ofSecrets().getKey(cached))
        .isSameAs(TargetIndex.keys(parsed).get(0))
        .isSameAs(ManagerIndex.keys(cached).get(0));
  }

  /** As the informer stores it: parsed from the server's JSON (with a resourceVersion), then compacted. */
  private static Secret cached(Secret written) {
    Secret parsed = Serialization.unmarshal(Serialization.asJson(
        new SecretBuilder(written).editMetadata().withResourceVersion("7").endMetadata().build()), Secret.class);
    CompactItemStore<Secret> store = CompactItemStore.ofSecrets();
    store.put(store.getKey(parsed), parsed);
    return store.get(store.getKey(parsed));
  }
}
