package io.dbsecrets.operator.reconcile;

import static io.dbsecrets.operator.reconcile.DesiredSecretTest.asStored;
import static io.dbsecrets.operator.reconcile.DesiredSecretTest.data;
import static io.dbsecrets.operator.reconcile.DesiredSecretTest.decoded;
import static io.dbsecrets.operator.reconcile.DesiredSecretTest.foreignOwner;
import static io.dbsecrets.operator.reconcile.DesiredSecretTest.resource;
import static io.dbsecrets.operator.reconcile.DesiredSecretTest.unmanaged;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormerTargetTest {
  @Test
  void ownedSecretTheResourceCreatedIsDeleted() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);
    Secret former = asStored(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), null).orElseThrow());

    assertThat(FormerTarget.release(former, resource, false)).isEmpty();
  }

  @Test
  void ownedSecretAnotherResourceNamesAsTargetIsReleasedNotDeleted() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);
    Secret former = asStored(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), null).orElseThrow());

    Secret released = FormerTarget.release(former, resource, true).orElseThrow();

    assertThat(released.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(ManagedSecrets.isManagedBy(released, "momentum-db")).isFalse();
  }

  @Test
  void mergedSecretLosesOnlyOurKeysLabelAndAnnotations() {
    ExternalDbSecret resource = resource(CreationPolicy.Merge);
    Secret existing = new SecretBuilder(unmanaged("Opaque", Map.of("OTHER", "keep")))
        .editMetadata().addToAnnotations("owner-note", "theirs").addToOwnerReferences(foreignOwner()).endMetadata()
        .build();
    Secret former = asStored(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), existing).orElseThrow());

    Secret released = FormerTarget.release(former, resource, false).orElseThrow();

    assertThat(decoded(released)).containsExactly(Map.entry("OTHER", "keep"));
    assertThat(released.getMetadata().getLabels()).containsExactly(Map.entry("team", "payments"));
    assertThat(released.getMetadata().getAnnotations()).containsExactly(Map.entry("owner-note", "theirs"));
    assertThat(released.getMetadata().getOwnerReferences()).containsExactly(foreignOwner());
    assertThat(released.getMetadata().getResourceVersion()).isEqualTo(former.getMetadata().getResourceVersion());
  }

  @Test
  void orphanSecretIsReleasedWithOtherContentKept() {
    ExternalDbSecret resource = resource(CreationPolicy.Orphan);
    Secret former = asStored(DesiredSecret.toWrite(resource, data("DB_PASSWORD", "pw"), null).orElseThrow());
    former.getData().put("ADDED_BY_HAND", DesiredSecretTest.b64("x"));

    Secret released = FormerTarget.release(former, resource, false).orElseThrow();

    assertThat(decoded(released)).containsOnlyKeys("ADDED_BY_HAND");
    assertThat(released.getMetadata().getLabels()).doesNotContainKey(ManagedSecrets.MANAGED_BY_LABEL);
  }

  @Test
  void ownerSecretThatWasMergedIntoIsReleasedNotDeleted() {
    // spec said Merge when it was written (no ownerReference of ours), and says Owner now
    Secret former = asStored(DesiredSecret.toWrite(resource(CreationPolicy.Merge), data("DB_PASSWORD", "pw"),
        unmanaged("Opaque", Map.of("OTHER", "keep"))).orElseThrow());

    assertThat(FormerTarget.release(former, resource(CreationPolicy.Owner), false)).isPresent();
  }
}
