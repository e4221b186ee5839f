package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.RolledOutWorkload;
import io.dbsecrets.operator.api.ReadyReason;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.kube.Conditions;
import io.dbsecrets.operator.rollout.RolloutDecision;
import io.dbsecrets.operator.rollout.RolloutOutcome;
import io.dbsecrets.operator.rollout.RolloutSummary;
import io.dbsecrets.operator.rollout.WorkloadRef;
import io.dbsecrets.operator.rollout.WorkloadResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);
  private static final WorkloadRef APP = new WorkloadRef("apps", WorkloadKind.Deployment, "app");

  private static SyncOutcome.Synced synced(String version, String hash, boolean written) {
    return new SyncOutcome.Synced(version, List.of("AWSCURRENT"), hash, written, false, Set.of("password"),
        T0.plus(Duration.ofHours(1)), null);
  }

  private static ExternalDbSecretStatus syncedAt(Instant at) {
    return StatusBuilder.next(null, 1L, null, "db", synced("v1", "h1", true), RolloutOutcome.NONE, at);
  }

  private static Condition ready(ExternalDbSecretStatus status) {
    return Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
  }

  @Test
  void firstSyncRecordsVersionHashRefreshAndReadyTrue() {
    ExternalDbSecretStatus status = syncedAt(T0);

    assertThat(status.getTargetSecret()).isEqualTo("db");
    assertThat(status.getSyncedVersionId()).isEqualTo("v1");
    assertThat(status.getDataHash()).isEqualTo("h1");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getSyncedGeneration()).isEqualTo(1L);
    assertThat(status.getLastSyncTime()).isEqualTo(T0.toString());
    assertThat(status.getNextRefreshTime()).isEqualTo(T0.plus(Duration.ofHours(1)).toString());
    assertThat(ready(status).getStatus()).isEqualTo("True");
    assertThat(ready(status).getReason()).isEqualTo("Synced");
    assertThat(ready(status).getMessage()).isEqualTo("Secret 'db' holds version v1");
  }

  @Test
  void unchangedSecretSaysSoInTheReadyMessage() {
    ExternalDbSecretStatus status = StatusBuilder.next(null, 1L, null, "db", synced("v1", "h1", false),
        RolloutOutcome.NONE, T0);

    assertThat(ready(status).getMessage()).isEqualTo("Secret 'db' holds version v1 (unchanged)");
  }

  @Test
  void failureKeepsWhatWasSyncedCountsFailuresAndFlipsReady() {
    ExternalDbSecretStatus before = syncedAt(T0);
    SyncOutcome.Failed throttled = new SyncOutcome.Failed(ReadyReason.Throttled, "slow down", true);

    ExternalDbSecretStatus once = StatusBuilder.next(before, 2L, "now", "db", throttled, RolloutOutcome.NONE, T1);
    ExternalDbSecretStatus twice = StatusBuilder.next(once, 2L, "now", "db", throttled, RolloutOutcome.NONE,
        T1.plusSeconds(5));

    assertThat(twice.getConsecutiveFailures()).isEqualTo(2);
    assertThat(twice.getSyncedVersionId()).isEqualTo("v1");
    assertThat(twice.getDataHash()).isEqualTo("h1");
    assertThat(twice.getSyncedGeneration()).isEqualTo(1L);
    assertThat(twice.getObservedGeneration()).isEqualTo(2L);
    assertThat(twice.getForceSyncHandled()).isEqualTo("now");
    assertThat(ready(twice).getStatus()).isEqualTo("False");
    assertThat(ready(twice).getReason()).isEqualTo("Throttled");
    assertThat(ready(twice).getMessage()).isEqualTo("slow down");
    // the condition changed status at the first failure, not at the second
    assertThat(ready(twice).getLastTransitionTime()).isEqualTo(T1.toString());
  }

  @Test
  void successAfterFailuresClearsThemAndTheDeletionMark() {
    DeletionDecision gone = new DeletionDecision(ReadyReason.SecretNotFound, "not found", false, T0,
        Duration.ofSeconds(30));
    ExternalDbSecretStatus failed = StatusBuilder.next(syncedAt(T0), 1L, null, "db",
        new SyncOutcome.Failed(ReadyReason.SecretNotFound, "not found", false, gone), RolloutOutcome.NONE, T1);
    assertThat(failed.getSecretGoneSince()).isEqualTo(T0.toString());

    ExternalDbSecretStatus recovered = StatusBuilder.next(failed, 1L, null, "db", synced("v2", "h2", true),
        RolloutOutcome.NONE, T1.plusSeconds(30));

    assertThat(recovered.getConsecutiveFailures()).isNull();
    assertThat(recovered.getSecretGoneSince()).isNull();
    assertThat(recovered.getSyncedVersionId()).isEqualTo("v2");
    assertThat(ready(recovered).getStatus()).isEqualTo("True");
  }

  @Test
  void alreadyReportedAndInSyncChangeNothing() {
    ExternalDbSecretStatus before = syncedAt(T0);
    String json = Serialization.asJson(before);

    ExternalDbSecretStatus inSync = StatusBuilder.next(before, 1L, null, "db", new SyncOutcome.InSync(),
        RolloutOutcome.NONE, T1);
    ExternalDbSecretStatus reported = StatusBuilder.next(before, 1L, null, "db",
        new SyncOutcome.AlreadyReported(Duration.ofSeconds(10)), RolloutOutcome.NONE, T1);

    assertThat(Serialization.asJson(inSync)).isEqualTo(json);
    assertThat(Serialization.asJson(reported)).isEqualTo(json);
  }

  @Test
  void previousStatusIsLeftAsItWas() {
    ExternalDbSecretStatus before = syncedAt(T0);
    String json = Serialization.asJson(before);

    StatusBuilder.next(before, 2L, null, "db", new SyncOutcome.Failed(ReadyReason.AccessDenied, "no", false),
        RolloutOutcome.NONE, T1);

    assertThat(Serialization.asJson(before)).isEqualTo(json);
  }

  @Test
  void completedRolloutRecordsTheDataItRestartedFor() {
    RolloutSummary summary = RolloutSummary.of(List.of(WorkloadResult.of(APP, WorkloadResult.Outcome.RESTARTED)),
        "db", T1);
    RolloutOutcome restarted = new RolloutOutcome(RolloutDecision.DUE, "h2", summary,
        List.of(WorkloadResult.of(APP, WorkloadResult.Outcome.RESTARTED)), Optional.empty());

    ExternalDbSecretStatus status = StatusBuilder.next(syncedAt(T0), 1L, null, "db", synced("v2", "h2", true),
        restarted, T1);

    assertThat(status.getRolloutDataHash()).isEqualTo("h2");
    assertThat(status.getRolledOut()).extracting(RolledOutWorkload::getWorkload).containsExactly(APP.toString());
    assertThat(status.getLastRolloutTime()).isEqualTo(T1.toString());
    Condition rollout = Conditions.find(status.getConditions(), Conditions.ROLLOUT_RESTART).orElseThrow();
    assertThat(rollout.getStatus()).isEqualTo("True");
    assertThat(rollout.getReason()).isEqualTo(RolloutSummary.RESTARTED);
  }

  @Test
  void waitingRolloutKeepsTheOldRolloutHashSoItIsTriedAgain() {
    ExternalDbSecretStatus before = StatusBuilder.next(syncedAt(T0), 1L, null, "db", new SyncOutcome.InSync(),
        new RolloutOutcome(RolloutDecision.BASELINE, "h1", null, List.of(), Optional.empty()), T0);
    List<WorkloadResult> waiting = List.of(WorkloadResult.waiting(APP, T1.plusSeconds(10)));
    RolloutOutcome pending = new RolloutOutcome(RolloutDecision.DUE, "h2",
        RolloutSummary.of(waiting, "db", T1), waiting, Optional.of(Duration.ofSeconds(10)));

    ExternalDbSecretStatus status = StatusBuilder.next(before, 1L, null, "db", synced("v2", "h2", true), pending,
        T1);

    assertThat(status.getRolloutDataHash()).isEqualTo("h1");
    assertThat(status.getLastRolloutTime()).isNull();
    assertThat(Conditions.find(status.getConditions(), Conditions.ROLLOUT_RESTART).orElseThrow().getReason())
        .isEqualTo(RolloutSummary.PENDING);
  }

  @Test
  void rolloutNoLongerConfiguredDropsItsStatus() {
    RolloutSummary summary = RolloutSummary.of(List.of(WorkloadResult.of(APP, WorkloadResult.Outcome.RESTARTED)),
        "db", T1);
    ExternalDbSecretStatus rolledOut = StatusBuilder.next(syncedAt(T0), 1L, null, "db", new SyncOutcome.InSync(),
        new RolloutOutcome(RolloutDecision.DUE, "h1", summary, List.of(), Optional.empty()), T1);

    ExternalDbSecretStatus status = StatusBuilder.next(rolledOut, 2L, null, "db", new SyncOutcome.InSync(),
        new RolloutOutcome(RolloutDecision.NOT_CONFIGURED, "h1", null, List.of(), Optional.empty()), T1);

    assertThat(status.getRolloutDataHash()).isNull();
    assertThat(status.getRolledOut()).isNull();
    assertThat(Conditions.find(status.getConditions(), Conditions.ROLLOUT_RESTART)).isEmpty();
    assertThat(Conditions.find(status.getConditions(), Conditions.READY)).isPresent();
  }

  @Test
  void aStatusWrittenBeforeRolloutsWereFollowedStillReads() {
    ExternalDbSecretStatus old = Serialization.unmarshal("{\"rolledOut\":[\"Deployment/app\"]}",
        ExternalDbSecretStatus.class);
    assertThat(old.getRolledOut()).extracting(RolledOutWorkload::getWorkload).containsExactly("Deployment/app");
    assertThat(old.getRolledOut().get(0).getState()).isNull();
  }

  @Test
  void followingARolloutSetsTheConditionAndEachWorkloadsStateWithoutTouchingTheRolloutHash() {
    List<RolledOutWorkload> tracked = List.of(new RolledOutWorkload(APP.toString(),
        io.dbsecrets.operator.api.RolloutState.Failed, "ReplicaSet \"app-1\" has timed out progressing.",
        T0.toString()));
    RolloutOutcome following = new RolloutOutcome(RolloutDecision.UP_TO_DATE, "h1",
        new RolloutSummary(true, false, "RolloutFailed", "Rollout failed", List.of(APP.toString()),
            Optional.empty()), List.of(), Optional.empty(), tracked, List.of());
    ExternalDbSecretStatus before = StatusBuilder.next(syncedAt(T0), 1L, null, "db", new SyncOutcome.InSync(),
        new RolloutOutcome(RolloutDecision.BASELINE, "h1", null, List.of(), Optional.empty()), T0);

    ExternalDbSecretStatus status = StatusBuilder.next(before, 1L, null, "db", new SyncOutcome.InSync(), following,
        T1);

    assertThat(status.getRolledOut()).singleElement().satisfies(w -> {
      assertThat(w.getState()).isEqualTo(io.dbsecrets.operator.api.RolloutState.Failed);
      assertThat(w.getMessage()).contains("timed out progressing");
    });
    assertThat(status.getRolloutDataHash()).isEqualTo("h1");
    Condition rollout = Conditions.find(status.getConditions(), Conditions.ROLLOUT_RESTART).orElseThrow();
    assertThat(rollout.getStatus()).isEqualTo("False");
    assertThat(rollout.getReason()).isEqualTo("RolloutFailed");
  }
}
