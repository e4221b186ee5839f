package io.dbsecrets.operator.reconcile;

import static io.dbsecrets.operator.reconcile.DesiredSecretTest.asStored;
import static io.dbsecrets.operator.reconcile.DesiredSecretTest.data;
import static io.dbsecrets.operator.reconcile.DesiredSecretTest.resource;
import static io.dbsecrets.operator.reconcile.DesiredSecretTest.unmanaged;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TargetClaimTest {
  private static final Predicate<String> NONE_LIVE = name -> false;

  @Test
  void existingSecretTheOperatorDoesNotManageIsRefusedUnlessMerge() {
    Secret foreign = unmanaged("Opaque", Map.of("API_KEY", "x"));

    assertThat(TargetClaim.conflict(resource(CreationPolicy.Owner), foreign, NONE_LIVE)).hasValueSatisfying(
        message -> assertThat(message).contains("creationPolicy: Merge"));
    assertThat(TargetClaim.conflict(resource(CreationPolicy.Orphan), foreign, NONE_LIVE)).isPresent();
    assertThat(TargetClaim.conflict(resource(CreationPolicy.Merge), foreign, NONE_LIVE)).isEmpty();
  }

  @Test
  void mergeNeverTakesASecretAnotherLiveResourceManages() {
    Secret theirs = secretOf("base");

    assertThat(TargetClaim.conflict(resource(CreationPolicy.Merge), theirs, Set.of("base")::contains))
        .hasValueSatisfying(message -> assertThat(message)
            .isEqualTo("Secret 'momentum-db' is managed by ExternalDbSecret 'base'; choose another spec.target.name"
                + " (Merge never takes a Secret another ExternalDbSecret manages)"));
    assertThat(TargetClaim.conflict(resource(CreationPolicy.Owner), theirs, Set.of("base")::contains)).isPresent();
  }

  @Test
  void mergeMayTakeAManagedSecretWhoseResourceIsGone() {
    Secret leftBehind = secretOf("base");

    assertThat(TargetClaim.conflict(resource(CreationPolicy.Merge), leftBehind, NONE_LIVE)).isEmpty();
    assertThat(TargetClaim.conflict(resource(CreationPolicy.Owner), leftBehind, NONE_LIVE)).isPresent();
  }

  @Test
  void newOrOwnSecretMayBeWritten() {
    ExternalDbSecret resource = resource(CreationPolicy.Owner);

    assertThat(TargetClaim.conflict(resource, null, NONE_LIVE)).isEmpty();
    assertThat(TargetClaim.conflict(resource,
        asStored(DesiredSecret.toWrite(resource, data("k", "v"), null).orElseThrow()), NONE_LIVE)).isEmpty();
  }

  @Test
  void onlyAFirstAttemptTakesASecretMissingFromTheCacheAsAbsent() {
    ExternalDbSecret fresh = resource(CreationPolicy.Owner);
    ExternalDbSecret failedOnce = resource(CreationPolicy.Owner);
    failedOnce.setStatus(new ExternalDbSecretStatus());
    failedOnce.getStatus().setConsecutiveFailures(1);
    ExternalDbSecret synced = resource(CreationPolicy.Owner);
    synced.setStatus(new ExternalDbSecretStatus());
    synced.getStatus().setLastSyncTime("2026-11-30T02:00:00Z");

    assertThat(TargetClaim.mayPresumeAbsent(fresh)).isTrue();
    assertThat(TargetClaim.mayPresumeAbsent(resource(CreationPolicy.Orphan))).isTrue();
    // Merge expects a Secret nobody manages, which the cache of managed Secrets never holds
    assertThat(TargetClaim.mayPresumeAbsent(resource(CreationPolicy.Merge))).isFalse();
    // a target conflict is a failure: its rechecks look the Secret up instead of reading AWS before a 409
    assertThat(TargetClaim.mayPresumeAbsent(failedOnce)).isFalse();
    assertThat(TargetClaim.mayPresumeAbsent(synced)).isFalse();
  }

  private static Secret secretOf(String owner) {
    ExternalDbSecret other = resource(CreationPolicy.Owner);
    other.getMetadata().setName(owner);
    other.getMetadata().setUid(owner + "-uid");
    other.getSpec().getTarget().setName("momentum-db");
    return asStored(DesiredSecret.toWrite(other, data("k", "v"), null).orElseThrow());
  }
}
