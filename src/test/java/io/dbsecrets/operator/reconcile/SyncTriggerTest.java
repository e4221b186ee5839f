package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncTriggerTest {
  static final Instant NOW = Instant.parse("2026-11-23T07:00:00Z");
  static final String HASH = "a1b2";
  static final Duration COALESCE = Duration.ofSeconds(10);

  @Test
  void firstSyncWhenThereIsNoStatusYet() {
    ExternalDbSecret resource = resource(1L, null);

    assertThat(SyncTrigger.decide(resource, null, NOW)).isEqualTo(SyncTrigger.FIRST_SYNC);
  }

  @Test
  void retryWhenTheFirstSyncFailed() {
    ExternalDbSecret resource = resource(1L, null);
    resource.setStatus(new ExternalDbSecretStatus());
    resource.getStatus().setObservedGeneration(1L);
    resource.getStatus().setConsecutiveFailures(2);

    assertThat(SyncTrigger.decide(resource, null, NOW)).isEqualTo(SyncTrigger.RETRY);
  }

  @Test
  void noneWhenSyncedAndNothingChanged() {
    assertThat(SyncTrigger.decide(synced(3L), HASH, NOW)).isEqualTo(SyncTrigger.NONE);
  }

  @Test
  void specChangedWhenGenerationIsNewerThanTheStatus() {
    ExternalDbSecret resource = synced(3L);
    resource.getMetadata().setGeneration(4L);

    assertThat(SyncTrigger.decide(resource, HASH, NOW)).isEqualTo(SyncTrigger.SPEC_CHANGED);
  }

  @Test
  void forcedWhenTheForceSyncAnnotationHasANewValueAndNotAgainOnceHandled() {
    ExternalDbSecret resource = synced(3L);
    resource.getMetadata().setAnnotations(Map.of(ExternalDbSecret.FORCE_SYNC_ANNOTATION, "2026-11-23T06:59:00Z"));

    assertThat(SyncTrigger.decide(resource, HASH, NOW)).isEqualTo(SyncTrigger.FORCED);

    resource.getStatus().setForceSyncHandled("2026-11-23T06:59:00Z");
    assertThat(SyncTrigger.decide(resource, HASH, NOW)).isEqualTo(SyncTrigger.NONE);

    resource.getMetadata().setAnnotations(Map.of(ExternalDbSecret.FORCE_SYNC_ANNOTATION, "again"));
    assertThat(SyncTrigger.decide(resource, HASH, NOW)).isEqualTo(SyncTrigger.FORCED);
  }

  @Test
  void aForceSyncRequestSeenWithAFirstSyncOrASpecChangeReadsWithNoSharedAnswer() {
    ExternalDbSecret created = resource(1L, Map.of(ExternalDbSecret.FORCE_SYNC_ANNOTATION, "now"));
    ExternalDbSecret edited = synced(3L);
    edited.getMetadata().setGeneration(4L);
    edited.getMetadata().setAnnotations(Map.of(ExternalDbSecret.FORCE_SYNC_ANNOTATION, "now"));

    assertThat(SyncTrigger.decide(created, null, NOW)).isEqualTo(SyncTrigger.FORCED);
    assertThat(SyncTrigger.decide(edited, HASH, NOW)).isEqualTo(SyncTrigger.FORCED);
  }

  @Test
  void retryAfterAFailedRefresh() {
    ExternalDbSecret resource = synced(3L);
    resource.getStatus().setConsecutiveFailures(1);

    assertThat(SyncTrigger.decide(resource, HASH, NOW)).isEqualTo(SyncTrigger.RETRY);
  }

  @Test
  void secretDriftedWhenItsDataWasEditedByHand() {
    assertThat(SyncTrigger.decide(synced(3L), "edited", NOW)).isEqualTo(SyncTrigger.SECRET_DRIFTED);
  }

  @Test
  void secretDriftedWhenItWasDeleted() {
    assertThat(SyncTrigger.decide(synced(3L), null, NOW)).isEqualTo(SyncTrigger.SECRET_DRIFTED);
  }

  @Test
  void refreshDueOnceNextRefreshTimeIsReached() {
    ExternalDbSecret resource = synced(3L);

    resource.getStatus().setNextRefreshTime(NOW.plusMillis(1).toString());
    assertThat(SyncTrigger.decide(resource, HASH, NOW)).isEqualTo(SyncTrigger.NONE);

    resource.getStatus().setNextRefreshTime(NOW.toString());
    assertThat(SyncTrigger.decide(resource, HASH, NOW)).isEqualTo(SyncTrigger.REFRESH_DUE);

    resource.getStatus().setNextRefreshTime(NOW.minusSeconds(3600).toString());
    assertThat(SyncTrigger.decide(resource, HASH, NOW)).isEqualTo(SyncTrigger.REFRESH_DUE);
  }

  @Test
  void syncOnceResourceIsNeverRefreshed() {
    ExternalDbSecret resource = synced(3L);
    resource.getStatus().setNextRefreshTime(null);

    assertThat(SyncTrigger.decide(resource, HASH, NOW.plus(Duration.ofDays(365)))).isEqualTo(SyncTrigger.NONE);
  }

  @Test
  void forcedAndRetriedSyncsAcceptNoSharedAnswer() {
    assertThat(SyncTrigger.FORCED.maxAge(Duration.ofHours(1), COALESCE)).isZero();
    assertThat(SyncTrigger.RETRY.maxAge(Duration.ofHours(1), COALESCE)).isZero();
  }

  @Test
  void periodicRefreshSharesAnAnswerFromItsRefreshWindow() {
    assertThat(SyncTrigger.REFRESH_DUE.maxAge(Duration.ofHours(1), COALESCE)).isEqualTo(Duration.ofMinutes(12));
    assertThat(SyncTrigger.SECRET_DRIFTED.maxAge(Duration.ofHours(1), COALESCE)).isEqualTo(Duration.ofMinutes(12));
    assertThat(SyncTrigger.SECRET_DRIFTED.maxAge(Duration.ofSeconds(20), COALESCE)).isEqualTo(COALESCE);
  }

  @Test
  void periodicRefreshOfAShortIntervalNeverTakesTheAnswerOfThePreviousRefresh() {
    // the previous refresh of the same secret is at least half an interval old when the next one is due
    for (Duration interval : new Duration[] {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(20), Duration.ofSeconds(45)}) {
      assertThat(SyncTrigger.REFRESH_DUE.maxAge(interval, COALESCE))
          .isLessThan(interval.dividedBy(2));
    }
  }

  @Test
  void firstSyncAndSpecChangeShareOnlyWithinTheCoalesceWindow() {
    assertThat(SyncTrigger.FIRST_SYNC.maxAge(Duration.ofHours(1), COALESCE)).isEqualTo(COALESCE);
    assertThat(SyncTrigger.SPEC_CHANGED.maxAge(Duration.ofHours(1), COALESCE)).isEqualTo(COALESCE);
  }

  static ExternalDbSecret resource(Long generation, Map<String, String> annotations) {
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.setMetadata(new ObjectMetaBuilder().withName("momentum-db").withNamespace("payments")
        .withUid("uid-1").withGeneration(generation).withAnnotations(annotations).build());
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId("dev/fcj/momentum");
    resource.setSpec(spec);
    return resource;
  }

  /** Synced at generation {@code generation}, data hash {@link #HASH}, next refresh in half an hour. */
  static ExternalDbSecret synced(Long generation) {
    ExternalDbSecret resource = resource(generation, null);
    ExternalDbSecretStatus status = new ExternalDbSecretStatus();
    status.setObservedGeneration(generation);
    status.setLastSyncTime(NOW.minus(Duration.ofMinutes(30)).toString());
    status.setNextRefreshTime(NOW.plus(Duration.ofMinutes(30)).toString());
    status.setDataHash(HASH);
    resource.setStatus(status);
    return resource;
  }
}
