package io.dbsecrets.operator.reconcile;

import static io.dbsecrets.operator.support.OperatorHarness.events;
import static io.dbsecrets.operator.support.WorkloadFixtures.envFrom;
import static io.dbsecrets.operator.support.WorkloadFixtures.envKey;
import static io.dbsecrets.operator.support.WorkloadFixtures.projectedVolume;
import static io.dbsecrets.operator.support.WorkloadFixtures.secretVolume;
import static io.dbsecrets.operator.support.WorkloadFixtures.templateOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.RolledOutWorkload;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.aws.FailureReason;
import io.dbsecrets.operator.aws.FetchFailure;
import io.dbsecrets.operator.aws.SecretRequest;
import io.dbsecrets.operator.aws.SecretSource;
import io.dbsecrets.operator.aws.SecretValue;
import io.dbsecrets.operator.kube.Conditions;
import io.dbsecrets.operator.rollout.RestartMarker;
import io.dbsecrets.operator.rollout.RestartWindows;
import io.dbsecrets.operator.rollout.RolloutSummary;
import io.dbsecrets.operator.rollout.WorkloadRollouts;
import io.dbsecrets.operator.rollout.Workloads;
import io.dbsecrets.operator.support.SettableClock;
import io.dbsecrets.operator.support.WorkloadFixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rolling restarts decided by the reconciler's sync, called directly with a settable clock and an in-memory secret
 * source, with the operator's own rollouts (its restart merge window of {@link #WINDOW}, as the operator's default)
 * against the fabric8 mock server's workloads. The windows, retries and refreshes a restart waits for pass on the
 * clock, so every wait is exact and none is real time. The mock server runs no controllers: a restart shows as a
 * new value of the pod template's restartedAt annotation, and a workload stays Restarting. RolloutRestartTest runs
 * the operator as deployed through a restart.
 */
@EnableKubernetesMockClient(crud = true)
class RolloutSyncTest {
  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** One mock server for the class; each test works in a namespace of its own. */
  static KubernetesClient client;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final InMemorySecrets aws = new InMemorySecrets();
  private ExternalDbSecretReconciler reconciler;
  private String namespace;
  /** status.rolloutDataHash before {@link #restartedOnce}'s restart. */
  private String beforeRestart;

  /** AWSCURRENT of each secret id; a put is a new version. */
  private static final class InMemorySecrets implements SecretSource {
    private final Map<String, SecretValue> current = new HashMap<>();
    private int versions;

    String put(String secretId, String json) {
      String versionId = "v" + (++versions);
      current.put(secretId, SecretValue.ofString("arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + secretId
          + "-AbCdEf", secretId, versionId, List.of("AWSCURRENT"), json));
      return versionId;
    }

    @Override
    public SecretValue fetch(SecretRequest request, Duration maxAge) throws FetchFailure {
      SecretValue value = current.get(request.secretId());
      if (value == null) {
        throw new FetchFailure(FailureReason.SecretNotFound, "no " + request.secretId());
      }
      return value;
    }
  }

  @BeforeEach
  void setUp() {
    namespace = "apps-" + NAMESPACES.incrementAndGet();
    reconciler = operatorInstance();
  }

  /** A reconciler as one operator instance wires it: its own restart windows, in memory. */
  private ExternalDbSecretReconciler operatorInstance() {
    return DirectSync.reconciler(client, aws, clock,
        new WorkloadRollouts(new Workloads(client, clock), new RestartWindows(WINDOW), Duration.ZERO, clock));
  }

  @Test
  void versionChangeWaitsOneMergeWindowThenRestartsEachKindOnceAndLaterRefreshesRestartNothing() {
    aws.put("db/app", "{\"password\":\"one\"}");
    workloads().deployment("api", envFrom("app-db"));
    workloads().statefulSet("db-client", secretVolume("app-db"));
    workloads().daemonSet("agent", envKey("app-db"));
    ExternalDbSecret resource = resource("app-db", "db/app", spec -> spec.getRollout().setTargets(List.of(
        new RolloutTarget(WorkloadKind.Deployment, "api"), new RolloutTarget(WorkloadKind.StatefulSet, "db-client"),
        new RolloutTarget(WorkloadKind.DaemonSet, "agent"))));
    reconciler.sync(resource);
    refresh(resource);
    refresh(resource);
    Map<String, String> onCreation = versions(List.of(deploymentOf("api"), get(StatefulSet.class, "db-client"),
        get(DaemonSet.class, "agent")));
    assertThat(restartedAt(deploymentOf("api"))).as("restarted on creation").isNull();

    String rotated = aws.put("db/app", "{\"password\":\"two\"}");
    Optional<Duration> next = refresh(resource);

    assertThat(resource.getStatus().getSyncedVersionId()).isEqualTo(rotated);
    assertThat(rollout(resource)).isEqualTo("False/" + RolloutSummary.PENDING);
    assertThat(next).as("back when the merge window closes").contains(WINDOW);
    assertThat(versions(List.of(deploymentOf("api"), get(StatefulSet.class, "db-client"),
        get(DaemonSet.class, "agent")))).isEqualTo(onCreation);

    clock.advance(next.get());
    reconciler.sync(resource);

    String marker = "app-db:" + RestartMarker.shortHash(resource.getStatus().getDataHash());
    List<HasMetadata> workloads = List.of(deploymentOf("api"), get(StatefulSet.class, "db-client"),
        get(DaemonSet.class, "agent"));
    assertThat(workloads).allSatisfy(w -> assertThat(templateOf(w).getMetadata().getAnnotations())
        .containsEntry(RestartMarker.MARKER_ANNOTATION, marker)
        .containsEntry(RestartMarker.RESTARTED_AT_ANNOTATION, clock.instant().toString()));
    ExternalDbSecretStatus status = resource.getStatus();
    assertThat(rollout(resource)).isEqualTo("True/Restarting");
    assertThat(status.getRolloutDataHash()).isEqualTo(status.getDataHash());
    assertThat(status.getRolledOut()).extracting(RolledOutWorkload::getWorkload)
        .containsExactly("DaemonSet/agent", "Deployment/api", "StatefulSet/db-client");
    assertThat(status.getLastRolloutTime()).isEqualTo(clock.instant().toString());
    assertThat(events(client, namespace, "app-db"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(WorkloadRollouts.RESTARTED_EVENT));

    Map<String, String> restarted = versions(workloads);
    refresh(resource);
    refresh(resource);
    refresh(resource);
    assertThat(versions(List.of(deploymentOf("api"), get(StatefulSet.class, "db-client"),
        get(DaemonSet.class, "agent")))).as("written again after the restart").isEqualTo(restarted);
  }

  @Test
  void refreshFindingTheSameDataRestartsNothing() {
    aws.put("db/steady", "{\"password\":\"same\"}");
    workloads().deployment("api", envFrom("steady"));
    ExternalDbSecret resource = resource("steady", "db/steady", spec -> spec.getRollout().setTargets(
        List.of(new RolloutTarget(WorkloadKind.Deployment, "api"))));
    reconciler.sync(resource);
    String resourceVersion = deploymentOf("api").getMetadata().getResourceVersion();
    refresh(resource);
    refresh(resource);

    // a new AWS version holding the same data is no change for the pods
    String sameData = aws.put("db/steady", "{\"password\":\"same\"}");
    refresh(resource);
    assertThat(resource.getStatus().getSyncedVersionId()).isEqualTo(sameData);
    refresh(resource);
    clock.advance(WINDOW);
    reconciler.sync(resource);

    assertThat(restartedAt(deploymentOf("api"))).isNull();
    assertThat(deploymentOf("api").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(resource.getStatus().getRolloutDataHash()).isEqualTo(resource.getStatus().getDataHash());
    assertThat(rollout(resource)).isEqualTo("none");
  }

  @Test
  void secondOperatorInstanceDoesNotRestartAgain() {
    ExternalDbSecret resource = restartedOnce("failover");
    String resourceVersion = deploymentOf("api").getMetadata().getResourceVersion();

    // another instance (a new leader, a restarted pod): its windows are empty, the status is as stored
    ExternalDbSecretReconciler second = operatorInstance();
    ExternalDbSecret stored = Serialization.clone(resource);
    clock.advance(Duration.ofSeconds(1));
    second.sync(stored);
    clock.advance(WINDOW);
    second.sync(stored);

    assertThat(deploymentOf("api").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(stored.getStatus().getRolloutDataHash()).isEqualTo(stored.getStatus().getDataHash());
  }

  @Test
  void workloadAlreadyCarryingTheMarkerIsNotRestartedByAnInstanceThatMissedTheStatus() {
    ExternalDbSecret resource = restartedOnce("crash");
    String resourceVersion = deploymentOf("api").getMetadata().getResourceVersion();
    String restartedAt = restartedAt(deploymentOf("api"));

    // as if the operator had stopped after restarting the workload but before writing the status
    ExternalDbSecret stale = Serialization.clone(resource);
    stale.getStatus().setRolloutDataHash(beforeRestart);
    ExternalDbSecretReconciler second = operatorInstance();
    clock.advance(Duration.ofSeconds(1));
    second.sync(stale);

    assertThat(stale.getStatus().getRolloutDataHash()).isEqualTo(stale.getStatus().getDataHash());
    assertThat(deploymentOf("api").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(restartedAt(deploymentOf("api"))).isEqualTo(restartedAt);
    assertThat(stale.getStatus().getRolledOut()).extracting(RolledOutWorkload::getWorkload)
        .containsExactly("Deployment/api");
  }

  @Test
  void autoFindsWorkloadsThroughEachReferenceFormAndIgnoresOthers() {
    aws.put("db/auto", "{\"password\":\"one\"}");
    workloads().deployment("env-user", envKey("creds"));
    workloads().statefulSet("envfrom-user", envFrom("creds"));
    workloads().daemonSet("volume-user", secretVolume("creds"));
    workloads().deployment("projected-user", projectedVolume("creds"));
    workloads().deployment("other-secret", envKey("unrelated"));
    workloads().deployment("no-secret", new PodSpecBuilder().addNewContainer().withName("app").withImage("app").endContainer()
        .build());
    ExternalDbSecret resource = resource("creds", "db/auto", spec -> spec.getRollout().setAuto(true));
    reconciler.sync(resource);
    Map<String, String> untouched = Map.of(
        "other-secret", deploymentOf("other-secret").getMetadata().getResourceVersion(),
        "no-secret", deploymentOf("no-secret").getMetadata().getResourceVersion());

    aws.put("db/auto", "{\"password\":\"two\"}");
    forceSync(resource, "1");
    clock.advance(WINDOW);
    reconciler.sync(resource);

    assertThat(rollout(resource)).isEqualTo("True/Restarting");
    assertThat(resource.getStatus().getRolledOut()).extracting(RolledOutWorkload::getWorkload).containsExactly(
        "DaemonSet/volume-user", "Deployment/env-user", "Deployment/projected-user", "StatefulSet/envfrom-user");
    assertThat(List.<HasMetadata>of(deploymentOf("env-user"), get(StatefulSet.class, "envfrom-user"),
        get(DaemonSet.class, "volume-user"), deploymentOf("projected-user")))
        .allSatisfy(w -> assertThat(templateOf(w).getMetadata().getAnnotations())
            .containsEntry(RestartMarker.RESTARTED_AT_ANNOTATION, clock.instant().toString()));
    untouched.forEach((name, resourceVersion) -> {
      assertThat(restartedAt(deploymentOf(name))).isNull();
      assertThat(deploymentOf(name).getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    });
  }

  @Test
  void twoResourcesChangingTogetherRestartASharedDeploymentOnce() {
    aws.put("db/orders", "{\"password\":\"one\"}");
    aws.put("db/users", "{\"password\":\"one\"}");
    workloads().deployment("shared", new PodSpecBuilder().addNewContainer().withName("app").withImage("app")
        .addNewEnvFrom().withNewSecretRef("orders-db", false).endEnvFrom()
        .addNewEnvFrom().withNewSecretRef("users-db", false).endEnvFrom()
        .endContainer().build());
    Consumer<ExternalDbSecretSpec> targetsShared = spec -> spec.getRollout().setTargets(
        List.of(new RolloutTarget(WorkloadKind.Deployment, "shared")));
    ExternalDbSecret orders = resource("orders-db", "db/orders", targetsShared);
    ExternalDbSecret users = resource("users-db", "db/users", targetsShared);
    reconciler.sync(orders);
    reconciler.sync(users);

    aws.put("db/orders", "{\"password\":\"two\"}");
    aws.put("db/users", "{\"password\":\"two\"}");
    forceSync(orders, "1");
    clock.advance(Duration.ofSeconds(2));
    forceSync(users, "1");
    assertThat(restartedAt(deploymentOf("shared"))).isNull();
    // the window opened by the first change closes: whichever comes first restarts for both
    clock.advance(WINDOW.minusSeconds(2));
    reconciler.sync(orders);
    String resourceVersion = deploymentOf("shared").getMetadata().getResourceVersion();
    clock.advance(Duration.ofSeconds(2));
    reconciler.sync(users);

    assertThat(List.of(orders, users)).allSatisfy(r -> {
      assertThat(rollout(r)).isEqualTo("True/Restarting");
      assertThat(r.getStatus().getRolloutDataHash()).isEqualTo(r.getStatus().getDataHash());
    });
    assertThat(templateOf(deploymentOf("shared")).getMetadata().getAnnotations())
        .containsEntry(RestartMarker.MARKER_ANNOTATION,
            "orders-db:" + RestartMarker.shortHash(orders.getStatus().getDataHash())
                + ",users-db:" + RestartMarker.shortHash(users.getStatus().getDataHash()));
    refresh(users);
    refresh(orders);
    assertThat(deploymentOf("shared").getMetadata().getResourceVersion()).as("restarted again")
        .isEqualTo(resourceVersion);
  }

  @Test
  void pausedDeploymentIsReportedLeftPausedAndRestartedOnceResumed() {
    aws.put("db/paused", "{\"password\":\"one\"}");
    workloads().deployment("api", envFrom("paused"));
    client.apps().deployments().inNamespace(namespace).withName("api").edit(d -> new DeploymentBuilder(d)
        .editSpec().withPaused(true).endSpec().build());
    ExternalDbSecret resource = resource("paused", "db/paused", spec -> spec.getRollout().setTargets(
        List.of(new RolloutTarget(WorkloadKind.Deployment, "api"))));
    reconciler.sync(resource);
    aws.put("db/paused", "{\"password\":\"two\"}");
    Optional<Duration> next = forceSync(resource, "1");

    assertThat(rollout(resource)).isEqualTo("False/Paused");
    assertThat(ready(resource)).isEqualTo("True/Synced");
    assertThat(next).as("looked at again").contains(RolloutSummary.RETRY);
    assertThat(deploymentOf("api").getSpec().getPaused()).isTrue();
    assertThat(restartedAt(deploymentOf("api"))).isNull();
    assertThat(events(client, namespace, "paused"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(WorkloadRollouts.FAILED_EVENT));

    clock.advance(next.get());
    assertThat(reconciler.sync(resource)).as("still paused").contains(RolloutSummary.RETRY);
    client.apps().deployments().inNamespace(namespace).withName("api").edit(d -> new DeploymentBuilder(d)
        .editSpec().withPaused(false).endSpec().build());
    clock.advance(RolloutSummary.RETRY);
    next = reconciler.sync(resource);
    clock.advance(next.get());
    reconciler.sync(resource);

    assertThat(rollout(resource)).isEqualTo("True/Restarting");
    assertThat(restartedAt(deploymentOf("api"))).isEqualTo(clock.instant().toString());
    assertThat(resource.getStatus().getRolloutDataHash()).isEqualTo(resource.getStatus().getDataHash());
  }

  @Test
  void missingTargetIsReportedWhileReadyStaysTrue() {
    aws.put("db/ghost", "{\"password\":\"one\"}");
    ExternalDbSecret resource = resource("ghost", "db/ghost", spec -> spec.getRollout().setTargets(
        List.of(new RolloutTarget(WorkloadKind.Deployment, "not-there"))));
    reconciler.sync(resource);
    aws.put("db/ghost", "{\"password\":\"two\"}");
    forceSync(resource, "1");

    assertThat(rollout(resource)).isEqualTo("False/TargetNotFound");
    assertThat(ready(resource)).isEqualTo("True/Synced");
    assertThat(resource.getStatus().getRolloutDataHash()).isEqualTo(resource.getStatus().getDataHash());
    assertThat(events(client, namespace, "ghost")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo(WorkloadRollouts.FAILED_EVENT);
      assertThat(e.getMessage()).contains("Deployment/not-there");
    });
  }

  /** A resource named {@code name} targeting Deployment api, synced, rotated, and restarted for the new data. */
  private ExternalDbSecret restartedOnce(String name) {
    aws.put("db/" + name, "{\"password\":\"one\"}");
    workloads().deployment("api", envFrom(name));
    ExternalDbSecret resource = resource(name, "db/" + name, spec -> spec.getRollout().setTargets(
        List.of(new RolloutTarget(WorkloadKind.Deployment, "api"))));
    reconciler.sync(resource);
    beforeRestart = resource.getStatus().getRolloutDataHash();
    aws.put("db/" + name, "{\"password\":\"two\"}");
    forceSync(resource, "1");
    clock.advance(WINDOW);
    reconciler.sync(resource);
    assertThat(rollout(resource)).isEqualTo("True/Restarting");
    assertThat(restartedAt(deploymentOf("api"))).isEqualTo(clock.instant().toString());
    return resource;
  }

  /** Moves the clock to the resource's next refresh and syncs. */
  private Optional<Duration> refresh(ExternalDbSecret resource) {
    clock.set(Instant.parse(resource.getStatus().getNextRefreshTime()));
    return reconciler.sync(resource);
  }

  /** {@code kubectl annotate --overwrite edbs/NAME dbsecrets.io/force-sync=VALUE}, then the sync it causes. */
  private Optional<Duration> forceSync(ExternalDbSecret resource, String value) {
    resource.getMetadata().setAnnotations(Map.of(ExternalDbSecret.FORCE_SYNC_ANNOTATION, value));
    return reconciler.sync(resource);
  }

  private ExternalDbSecret resource(String name, String secretId, Consumer<ExternalDbSecretSpec> change) {
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId(secretId);
    spec.setRefreshInterval("1h");
    change.accept(spec);
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    resource.getMetadata().setUid(UUID.randomUUID().toString());
    resource.getMetadata().setGeneration(1L);
    resource.setSpec(spec);
    return resource;
  }

  private static String rollout(ExternalDbSecret resource) {
    return resource.getStatus() == null ? "none"
        : Conditions.find(resource.getStatus().getConditions(), Conditions.ROLLOUT_RESTART)
            .map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  private static String ready(ExternalDbSecret resource) {
    return Conditions.find(resource.getStatus().getConditions(), Conditions.READY)
        .map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  private static Map<String, String> versions(List<HasMetadata> workloads) {
    Map<String, String> versions = new HashMap<>();
    workloads.forEach(w -> versions.put(w.getKind() + "/" + w.getMetadata().getName(),
        w.getMetadata().getResourceVersion()));
    return versions;
  }

  private static String restartedAt(HasMetadata workload) {
    Map<String, String> annotations = templateOf(workload).getMetadata() == null ? null
        : templateOf(workload).getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(RestartMarker.RESTARTED_AT_ANNOTATION);
  }

  private Deployment deploymentOf(String name) {
    return get(Deployment.class, name);
  }

  private <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(namespace).withName(name).get();
  }

  private WorkloadFixtures workloads() {
    return new WorkloadFixtures(client, namespace);
  }
}
