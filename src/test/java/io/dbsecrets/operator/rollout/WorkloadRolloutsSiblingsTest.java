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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A due restart waits while the other resources feeding the workload sync ({@link SiblingSyncs}): WorkloadRollouts
 * called as the reconciler calls it, against the fabric8 mock server's Deployment.
 */
@EnableKubernetesMockClient(crud = true)
class WorkloadRolloutsSiblingsTest {
  private static final String NAMESPACE = "apps";
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  KubernetesClient client;

  private final SettableClock clock = new SettableClock(T0);
  private final List<Collection<Workload>> asked = new ArrayList<>();
  private Optional<Instant> siblingsAnswer = Optional.empty();
  private final SiblingSyncs siblings = (resource, dataHash, workloads, now) -> {
    asked.add(workloads);
    return siblingsAnswer;
  };
  private WorkloadRollouts rollouts;
  private ExternalDbSecret resource;

  @BeforeEach
  void setUp() {
    new WorkloadFixtures(client, NAMESPACE).deployment("api", WorkloadFixtures.envFrom("a"));
    rollouts = new WorkloadRollouts(new Workloads(client, clock), new RestartWindows(Duration.ZERO), Duration.ZERO, clock);
    resource = WorkloadFixtures.restartingDeployment(NAMESPACE, "a", "api", "hash-one-00000000");
  }

  @Test
  void aDueRestartWaitsWhileTheSiblingsSyncThenRestartsOnce() {
    siblingsAnswer = Optional.of(T0.plusSeconds(10));
    RolloutOutcome held = rollouts.afterSync(resource, "a", "hash-one-00000000", "hash-two-00000000", siblings);
    assertThat(held.results()).extracting(WorkloadResult::outcome).containsExactly(Outcome.WAITING);
    assertThat(held.summary().complete()).isFalse();
    assertThat(held.retryAfter()).contains(Duration.ofSeconds(10));
    assertThat(asked).singleElement().satisfies(workloads -> assertThat(workloads)
        .extracting(w -> w.ref().name()).containsExactly("api"));
    assertThat(restartMarker()).isNull();

    siblingsAnswer = Optional.empty();
    clock.set(T0.plusMillis(700));
    RolloutOutcome restarted = rollouts.afterSync(resource, "a", "hash-two-00000000", "hash-two-00000000",
        siblings);
    assertThat(restarted.results()).extracting(WorkloadResult::outcome).containsExactly(Outcome.RESTARTED);
    assertThat(restartMarker()).isEqualTo("a:" + RestartMarker.shortHash("hash-two-00000000"));
  }

  @Test
  void aWorkloadAlreadyRestartedForTheDataAsksNoSiblings() {
    rollouts.afterSync(resource, "a", "hash-one-00000000", "hash-two-00000000", siblings);
    asked.clear();
    siblingsAnswer = Optional.of(T0.plusSeconds(10));

    RolloutOutcome again = rollouts.afterSync(resource, "a", "hash-two-00000000", "hash-two-00000000", siblings);
    assertThat(again.results()).extracting(WorkloadResult::outcome).containsExactly(Outcome.ALREADY_RESTARTED);
    assertThat(asked).isEmpty();
  }

  @Test
  void theFourArgumentCallRestartsWithoutAskingAnySibling() {
    siblingsAnswer = Optional.of(T0.plusSeconds(10));
    assertThat(rollouts.afterSync(resource, "a", "hash-one-00000000", "hash-two-00000000").results())
        .extracting(WorkloadResult::outcome).containsExactly(Outcome.RESTARTED);
    assertThat(asked).isEmpty();
  }

  private String restartMarker() {
    Map<String, String> annotations = client.apps().deployments().inNamespace(NAMESPACE).withName("api").get()
        .getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(RestartMarker.MARKER_ANNOTATION);
  }
}
