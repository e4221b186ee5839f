package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.RefreshIntervals;
import io.dbsecrets.operator.aws.ReadAhead.DueRead;
import io.dbsecrets.operator.policy.NamespacePolicy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DueSoonTest {
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final SyncSettings SETTINGS = new SyncSettings("us-east-1",
      new RefreshIntervals(Duration.ofHours(1), Duration.ofSeconds(1)), Duration.ofSeconds(10));

  @Test
  void readsDueWithinTheReadAheadHorizonAreListedEarliestFirstAndAcceptTheSharingWindow() {
    // 60 s interval: a batch reads 9 s ahead, a periodic refresh accepts an answer 12 s old
    List<DueRead> due = DueSoon.of(Stream.of(
        synced("later", "db/later", "60s", NOW.plusSeconds(9)),
        synced("sooner", "db/sooner", "60s", NOW.plusSeconds(2)),
        synced("beyond", "db/beyond", "60s", NOW.plusSeconds(10))), NOW, SETTINGS, NamespacePolicy.ALLOW_ALL);

    assertThat(due).extracting(d -> d.request().secretId()).containsExactly("db/sooner", "db/later");
    assertThat(due.get(0).due()).isEqualTo(NOW.plusSeconds(2));
    assertThat(due.get(0).maxAge()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void anOverdueReadIsDueNow() {
    Optional<DueRead> due = DueSoon.read(synced("late", "db/late", "60s", NOW.minusSeconds(30)), NOW, SETTINGS,
        NamespacePolicy.ALLOW_ALL);

    assertThat(due).map(DueRead::due).contains(NOW);
  }

  @Test
  void aResourceWaitingForItsFirstSyncIsDueNowWithinTheCoalesceWindow() {
    ExternalDbSecret created = synced("created", "db/new", "60s", NOW);
    created.setStatus(null);

    assertThat(DueSoon.read(created, NOW, SETTINGS, NamespacePolicy.ALLOW_ALL))
        .contains(new DueRead(AwsRequests.of(created, "us-east-1"), NOW, Duration.ofSeconds(10)));
  }

  @Test
  void failingChangedDeniedAndOneShotResourcesAndFailedFirstSyncsReadNothingAhead() {
    ExternalDbSecret failing = synced("failing", "db/a", "60s", NOW);
    failing.getStatus().setConsecutiveFailures(1);
    ExternalDbSecret changed = synced("changed", "db/b", "60s", NOW);
    changed.getMetadata().setGeneration(2L);
    ExternalDbSecret once = synced("once", "db/c", "0s", NOW);
    ExternalDbSecret neverSynced = synced("new", "db/d", "60s", NOW);
    neverSynced.getStatus().setLastSyncTime(null);
    neverSynced.getStatus().setConsecutiveFailures(2);
    NamespacePolicy denyDbE = (namespace, secretId, roleArn) -> secretId.equals("db/e")
        ? Optional.of("not for this namespace") : Optional.empty();

    List<DueRead> due = DueSoon.of(Stream.of(failing, changed, once, neverSynced,
        synced("denied", "db/e", "60s", NOW), synced("fine", "db/f", "60s", NOW)), NOW, SETTINGS, denyDbE);

    assertThat(due).extracting(d -> d.request().secretId()).containsExactly("db/f");
  }

  static ExternalDbSecret synced(String name, String secretId, String interval, Instant nextRefresh) {
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team").withGeneration(1L).build());
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId(secretId);
    spec.setRefreshInterval(interval);
    resource.setSpec(spec);
    ExternalDbSecretStatus status = new ExternalDbSecretStatus();
    status.setObservedGeneration(1L);
    status.setLastSyncTime(NOW.minusSeconds(50).toString());
    status.setNextRefreshTime(nextRefresh.toString());
    resource.setStatus(status);
    return resource;
  }
}
