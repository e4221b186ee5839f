package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.rollout.Workload;
import io.dbsecrets.operator.rollout.WorkloadRef;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The hold of a due restart while its siblings sync, with requests recorded instead of reconciles run. */
class RolloutSiblingsTest {
  private static final String NS = "payments";
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final List<Workload> API = List.of(new Workload(new WorkloadRef(NS, WorkloadKind.Deployment, "api"),
      false, Map.of(), new PodSpecBuilder().addNewContainer().withName("api")
          .addNewEnvFrom().withNewSecretRef().withName("a").endSecretRef().endEnvFrom()
          .addNewEnvFrom().withNewSecretRef().withName("b").endSecretRef().endEnvFrom()
          .endContainer().build(), null, Duration.ofMinutes(10)));

  private final ExternalDbSecret a = resource("a");
  private final ExternalDbSecret b = resource("b");
  private final Requests requests = new Requests();
  private final RolloutSiblings siblings = new RolloutSiblings(ns -> List.of(a, b), requests);

  @Test
  void theRestartWaitsForTheSiblingsSyncAndIsWokenWhenItReported() {
    assertThat(siblings.holdUntil(a, "hash-a2", API, T0)).contains(T0.plus(RolloutSiblings.TIMEOUT));
    assertThat(requests.asked).containsExactly(Set.of(new ResourceID("b", NS)));

    // reconciled again before b reported: still waiting, b is not asked twice
    assertThat(siblings.holdUntil(a, "hash-a2", API, T0.plusMillis(100))).isPresent();
    assertThat(requests.asked).hasSize(1);

    requests.reported.get(0).complete(null);
    assertThat(requests.woken).containsExactly(new ResourceID("a", NS));
    assertThat(siblings.holdUntil(a, "hash-a2", API, T0.plusMillis(400))).isEmpty();
  }

  @Test
  void aSiblingThatNeverReportsHoldsTheRestartForTheTimeoutOnly() {
    siblings.holdUntil(a, "hash-a2", API, T0);
    assertThat(siblings.holdUntil(a, "hash-a2", API, T0.plus(RolloutSiblings.TIMEOUT))).isEmpty();
    assertThat(requests.woken).isEmpty();
  }

  @Test
  void theSiblingSyncedAtTheRequestRestartsWithoutAskingBack() {
    siblings.holdUntil(a, "hash-a2", API, T0);
    siblings.syncedForRollout(new ResourceID("b", NS), "hash-b2", T0.plusMillis(200));
    assertThat(siblings.holdUntil(b, "hash-b2", API, T0.plusMillis(200))).isEmpty();
    assertThat(requests.asked).hasSize(1);
  }

  @Test
  void siblingsChangedTogetherDoNotAskEachOtherToReadAgain() {
    siblings.holdUntil(a, "hash-a2", API, T0);
    // b read the same batch and is due too: a has just read, so b restarts without asking it
    assertThat(siblings.holdUntil(b, "hash-b2", API, T0.plusMillis(50))).isEmpty();
    assertThat(requests.asked).hasSize(1);
  }

  @Test
  void newDataAsksTheSiblingsAgain() {
    siblings.holdUntil(a, "hash-a2", API, T0);
    requests.reported.get(0).complete(null);
    siblings.holdUntil(a, "hash-a2", API, T0.plusSeconds(1));

    assertThat(siblings.holdUntil(a, "hash-a3", API, T0.plus(Duration.ofHours(1)))).isPresent();
    assertThat(requests.asked).hasSize(2);
  }

  @Test
  void aResourceFeedingTheWorkloadAloneRestartsAtOnce() {
    RolloutSiblings alone = new RolloutSiblings(ns -> List.of(a), requests);
    assertThat(alone.holdUntil(a, "hash-a2", API, T0)).isEmpty();
    assertThat(requests.asked).isEmpty();
  }

  private static ExternalDbSecret resource(String name) {
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId("db/" + name);
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(NS);
    resource.setSpec(spec);
    return resource;
  }

  private static final class Requests implements SyncRequests {
    final List<Set<ResourceID>> asked = new ArrayList<>();
    final List<CompletableFuture<Void>> reported = new ArrayList<>();
    final List<ResourceID> woken = new ArrayList<>();

    @Override
    public CompletableFuture<Void> requestSync(Set<ResourceID> ids, Instant now) {
      asked.add(ids);
      CompletableFuture<Void> done = new CompletableFuture<>();
      reported.add(done);
      return done;
    }

    @Override
    public void wake(ResourceID id) {
      woken.add(id);
    }
  }
}
