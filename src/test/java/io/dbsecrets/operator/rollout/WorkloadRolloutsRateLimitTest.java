package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.rollout.WorkloadResult.Outcome;
import io.dbsecrets.operator.support.SettableClock;
import io.dbsecrets.operator.support.WorkloadFixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rate limit of restarts with a settable clock: WorkloadRollouts called as the reconciler calls it, against the
 * fabric8 mock server's Deployment (whose pod template carries the last restart time).
 */
@EnableKubernetesMockClient(crud = true)
class WorkloadRolloutsRateLimitTest {
  private static final String NAMESPACE = "apps";
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  KubernetesClient client;

  private final SettableClock clock = new SettableClock(T0);
  private WorkloadRollouts rollouts;
  private ExternalDbSecret resource;

  @BeforeEach
  void setUp() {
    new WorkloadFixtures(client, NAMESPACE).deployment("api", WorkloadFixtures.envFrom("app-db"));
    rollouts = new WorkloadRollouts(new Workloads(client, clock), new RestartWindows(Duration.ZERO),
        Duration.ofMinutes(10), clock);
    resource = WorkloadFixtures.restartingDeployment(NAMESPACE, "app-db", "api", "hash-one-00000000");
  }

  @Test
  void aSecondRotationWithinTheIntervalWaitsThenRestartsOnceWithTheLatestData() {
    assertThat(sync("hash-one-00000000", "hash-two-00000000").results()).extracting(WorkloadResult::outcome)
        .containsExactly(Outcome.RESTARTED);
    assertThat(restartedAt()).isEqualTo(T0.toString());

    clock.set(T0.plus(Duration.ofMinutes(1)));
    RolloutOutcome held = sync("hash-two-00000000", "hash-three-000000");
    assertThat(held.results()).extracting(WorkloadResult::outcome).containsExactly(Outcome.RATE_LIMITED);
    assertThat(held.summary().reason()).isEqualTo(RolloutSummary.RATE_LIMITED);
    assertThat(held.retryAfter()).contains(Duration.ofMinutes(9));

    // yet newer data arrives while held: still held, and the restart, when it comes, is for this data
    clock.set(T0.plus(Duration.ofMinutes(5)));
    assertThat(sync("hash-three-000000", "hash-four-0000000").results()).extracting(WorkloadResult::outcome)
        .containsExactly(Outcome.RATE_LIMITED);
    assertThat(restartedAt()).isEqualTo(T0.toString());

    clock.set(T0.plus(Duration.ofMinutes(10)));
    assertThat(sync("hash-four-0000000", "hash-four-0000000").results()).extracting(WorkloadResult::outcome)
        .containsExactly(Outcome.RESTARTED);
    assertThat(restartedAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)).toString());
    assertThat(annotations()).containsEntry(RestartMarker.MARKER_ANNOTATION,
        "app-db:" + RestartMarker.shortHash("hash-four-0000000"));

    assertThat(sync("hash-four-0000000", "hash-four-0000000").decision()).isEqualTo(RolloutDecision.UP_TO_DATE);
  }

  @Test
  void theResourcesOwnMinIntervalOverridesTheOperatorDefault() {
    resource.getSpec().getRollout().setMinInterval("0");
    sync("hash-one-00000000", "hash-two-00000000");
    clock.set(T0.plusSeconds(1));
    assertThat(sync("hash-two-00000000", "hash-three-000000").results()).extracting(WorkloadResult::outcome)
        .containsExactly(Outcome.RESTARTED);
  }

  @Test
  void aRestartOutsideTheRestartWindowWaitsForItUnlessTheChangeIsUrgent() {
    // 10:00 UTC; the window opens at 22:00 UTC
    resource.getSpec().getRollout().setMinInterval("0");
    resource.getSpec().getRollout().setRestartWindow(RestartScheduleTest.window(List.of(), "22:00", "23:00", "UTC"));
    RolloutOutcome held = sync("hash-one-00000000", "hash-two-00000000");
    assertThat(held.results()).extracting(WorkloadResult::outcome).containsExactly(Outcome.OUTSIDE_WINDOW);
    assertThat(held.summary().reason()).isEqualTo(RolloutSummary.OUTSIDE_WINDOW);
    assertThat(held.retryAfter()).contains(Duration.ofHours(12));
    assertThat(restartedAt()).isNull();

    clock.set(T0.plus(Duration.ofHours(12)));
    assertThat(sync("hash-two-00000000", "hash-two-00000000").results()).extracting(WorkloadResult::outcome)
        .containsExactly(Outcome.RESTARTED);

    clock.set(T0.plus(Duration.ofHours(14)));
    resource.getSpec().getRollout().setUrgent(true);
    assertThat(sync("hash-two-00000000", "hash-three-000000").results()).extracting(WorkloadResult::outcome)
        .containsExactly(Outcome.RESTARTED);
  }

  /** One afterSync, and the status fields the reconciler would record from it. */
  private RolloutOutcome sync(String previousHash, String hash) {
    return WorkloadFixtures.recorded(resource, hash, rollouts.afterSync(resource, "app-db", previousHash, hash));
  }

  private Map<String, String> annotations() {
    return client.apps().deployments().inNamespace(NAMESPACE).withName("api").get().getSpec().getTemplate()
        .getMetadata().getAnnotations();
  }

  private String restartedAt() {
    return annotations() == null ? null : annotations().get(RestartMarker.RESTARTED_AT_ANNOTATION);
  }
}
