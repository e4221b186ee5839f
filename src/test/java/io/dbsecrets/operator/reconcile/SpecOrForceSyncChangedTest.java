package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecOrForceSyncChangedTest {
  final SpecOrForceSyncChanged filter = new SpecOrForceSyncChanged();

  @Test
  void operatorsOwnStatusWriteDoesNotTriggerAnotherReconcile() {
    ExternalDbSecret old = resource(2L, null);
    ExternalDbSecret updated = resource(2L, null);
    updated.setStatus(new ExternalDbSecretStatus());
    updated.getStatus().setLastSyncTime("2026-11-23T07:00:00Z");
    updated.getMetadata().setResourceVersion("43");

    assertThat(filter.accept(updated, old)).isFalse();
  }

  @Test
  void specChangeIsReconciled() {
    assertThat(filter.accept(resource(3L, null), resource(2L, null))).isTrue();
  }

  @Test
  void settingOrChangingTheForceSyncAnnotationIsReconciled() {
    assertThat(filter.accept(resource(2L, Map.of(ExternalDbSecret.FORCE_SYNC_ANNOTATION, "1")), resource(2L, null)))
        .isTrue();
    assertThat(filter.accept(resource(2L, Map.of(ExternalDbSecret.FORCE_SYNC_ANNOTATION, "2")),
        resource(2L, Map.of(ExternalDbSecret.FORCE_SYNC_ANNOTATION, "1")))).isTrue();
  }

  @Test
  void unrelatedAnnotationChangeIsNotReconciled() {
    assertThat(filter.accept(resource(2L, Map.of("note", "b", ExternalDbSecret.FORCE_SYNC_ANNOTATION, "1")),
        resource(2L, Map.of("note", "a", ExternalDbSecret.FORCE_SYNC_ANNOTATION, "1")))).isFalse();
  }

  @Test
  void deletionIsReconciled() {
    ExternalDbSecret deleting = resource(2L, null);
    deleting.getMetadata().setDeletionTimestamp("2026-11-23T07:00:00Z");

    assertThat(filter.accept(deleting, resource(2L, null))).isTrue();
  }

  static ExternalDbSecret resource(Long generation, Map<String, String> annotations) {
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.setMetadata(new ObjectMetaBuilder().withName("momentum-db").withNamespace("payments")
        .withGeneration(generation).withAnnotations(annotations).withResourceVersion("42").build());
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId("dev/fcj/momentum");
    resource.setSpec(spec);
    return resource;
  }
}
