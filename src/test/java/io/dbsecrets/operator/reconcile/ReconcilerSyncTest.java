package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.aws.FailureReason;
import io.dbsecrets.operator.aws.FetchFailure;
import io.dbsecrets.operator.aws.SecretRequest;
import io.dbsecrets.operator.aws.SecretSource;
import io.dbsecrets.operator.aws.SecretValue;
import io.dbsecrets.operator.kube.Conditions;
import io.dbsecrets.operator.support.SettableClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's sync called directly, with a settable clock and an in-memory secret source standing in for
 * AWS (whose real protocol the aws/ tests and the operator tests cover): retries, backoff and refresh schedules
 * over hours of clock time run in milliseconds. The Kubernetes side is the fabric8 mock server.
 */
@EnableKubernetesMockClient(crud = true)
class ReconcilerSyncTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final Duration INTERVAL = Duration.ofHours(1);
  private static final Duration MINIMUM_INTERVAL = DirectSync.MINIMUM_INTERVAL;

  /** One mock server for the class; each test works in a namespace of its own. */
  static KubernetesClient client;
  private String namespace;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final InMemorySecrets aws = new InMemorySecrets();
  private ExternalDbSecretReconciler reconciler;
  private ExternalDbSecret resource;

  /** Answers with the current value or failure and counts the reads. */
  private static final class InMemorySecrets implements SecretSource {
    private SecretValue value;
    private FetchFailure failure;
    private final List<Duration> reads = new ArrayList<>();

    void holds(String versionId, String password) {
      value = SecretValue.ofString("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db/app-AbCdEf", "db/app",
          versionId, List.of("AWSCURRENT"), "{\"username\":\"app\",\"password\":\"" + password + "\"}");
      failure = null;
    }

    void fails(FailureReason reason) {
      failure = new FetchFailure(reason, "GetSecretValue of 'db/app' failed: " + reason);
    }

    @Override
    public SecretValue fetch(SecretRequest request, Duration maxAge) throws FetchFailure {
      reads.add(maxAge);
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }

  @BeforeEach
  void setUp() {
    namespace = "sync-" + NAMESPACES.incrementAndGet();
    reconciler = DirectSync.reconciler(client, aws, clock);
    resource = DirectSync.hourlyResource(namespace, "0d5c1b7e-0000-4000-8000-000000000001");
    aws.holds("v1", "first");
  }

  @Test
  void firstSyncWritesTheSecretAndWaitsForTheRefreshItScheduled() {
    Optional<Duration> next = reconciler.sync(resource);

    assertThat(password()).isEqualTo("first");
    assertThat(ready().getReason()).isEqualTo("Synced");
    Instant refresh = Instant.parse(resource.getStatus().getNextRefreshTime());
    assertThat(next).contains(Duration.between(clock.instant(), refresh));
    // the secret's phase in the cycle, at least half an interval away
    assertThat(next.get()).isBetween(INTERVAL.dividedBy(2), INTERVAL.multipliedBy(3).dividedBy(2));
    assertThat(warnings()).isEmpty();
  }

  @Test
  void refreshReadsAwsOnlyOnceItIsDueAndPicksUpTheNewVersion() {
    reconciler.sync(resource);
    Instant due = Instant.parse(resource.getStatus().getNextRefreshTime());

    clock.set(due.minusSeconds(1));
    assertThat(reconciler.sync(resource)).contains(Duration.ofSeconds(1));
    assertThat(aws.reads).hasSize(1);

    aws.holds("v2", "second");
    clock.set(due);
    Optional<Duration> next = reconciler.sync(resource);

    assertThat(aws.reads).hasSize(2);
    assertThat(password()).isEqualTo("second");
    assertThat(resource.getStatus().getSyncedVersionId()).isEqualTo("v2");
    // the next refresh counts from when this one was due, so refreshes keep their rhythm
    Instant nextDue = Instant.parse(resource.getStatus().getNextRefreshTime());
    assertThat(Duration.between(due, nextDue)).isEqualTo(INTERVAL);
    assertThat(next).contains(Duration.between(clock.instant(), nextDue));
  }

  @Test
  void aLoweredDefaultIntervalTakesEffectAtTheNextReconcileNotAfterTheOldInterval() {
    // synced under a 6 h default (events on, say); then the operator restarts with a 1 h default
    resource.getSpec().setRefreshInterval(null);
    DirectSync.reconciler(client, aws, clock, Duration.ofHours(6)).sync(resource);
    Instant underSixHours = Instant.parse(resource.getStatus().getNextRefreshTime());
    assertThat(Duration.between(clock.instant(), underSixHours)).isGreaterThan(Duration.ofHours(5));

    Optional<Duration> next = reconciler.sync(resource);

    assertThat(aws.reads).as("bringing the refresh forward reads nothing").hasSize(1);
    assertThat(next.get()).isBetween(INTERVAL.dividedBy(2), INTERVAL.multipliedBy(3).dividedBy(2));
    clock.advance(next.get());
    aws.holds("v2", "second");
    reconciler.sync(resource);
    assertThat(aws.reads).hasSize(2);
    assertThat(password()).isEqualTo("second");
  }

  @Test
  void aRefreshIntervalBelowTheOperatorsMinimumReadsAwsNoMoreOftenThanTheMinimum() {
    resource.getSpec().setRefreshInterval("1ms");
    Instant start = clock.instant();
    // at the asked 1 ms this would be some 60,000 reads a minute; the loop is bounded either way
    for (int i = 0; i < 1_000 && clock.instant().isBefore(start.plusSeconds(60)); i++) {
      Optional<Duration> next = reconciler.sync(resource);
      assertThat(next).isPresent();
      clock.advance(next.get().isZero() ? Duration.ofMillis(1) : next.get());
    }

    // one read per minimum interval, within its ±10% jitter
    assertThat(aws.reads.size()).isBetween(55, 67);
    assertThat(ready().getReason()).isEqualTo("Synced");
  }

  @Test
  void throttledReadsBackOffDoublingKeepTheSecretAndRecover() {
    reconciler.sync(resource);
    aws.fails(FailureReason.Throttled);
    clock.set(Instant.parse(resource.getStatus().getNextRefreshTime()));

    assertThat(reconciler.sync(resource)).contains(Duration.ofSeconds(5));
    assertThat(ready().getReason()).isEqualTo("Throttled");
    clock.advance(Duration.ofSeconds(5));
    assertThat(reconciler.sync(resource)).contains(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(reconciler.sync(resource)).contains(Duration.ofSeconds(20));

    assertThat(resource.getStatus().getConsecutiveFailures()).isEqualTo(3);
    assertThat(password()).isEqualTo("first");
    assertThat(warnings()).extracting(Event::getReason).containsExactly("Throttled");
    assertThat(warnings().get(0).getCount()).isEqualTo(3);
    // a retry never takes a shared answer: it asks AWS again
    assertThat(aws.reads.subList(2, 4)).containsOnly(Duration.ZERO);

    aws.holds("v1", "first");
    clock.advance(Duration.ofSeconds(20));
    Optional<Duration> next = reconciler.sync(resource);

    assertThat(ready().getStatus()).isEqualTo("True");
    assertThat(resource.getStatus().getConsecutiveFailures()).isNull();
    assertThat(next.get()).isGreaterThan(Duration.ofMinutes(50));
  }

  @Test
  void permanentFailureOnTheFirstSyncRetriesSlowlyAndWritesNoSecret() {
    aws.fails(FailureReason.AccessDenied);

    assertThat(reconciler.sync(resource)).contains(Duration.ofSeconds(30));

    assertThat(secret()).isNull();
    assertThat(ready().getStatus()).isEqualTo("False");
    assertThat(ready().getReason()).isEqualTo("AccessDenied");
    assertThat(warnings()).extracting(Event::getReason).containsExactly("AccessDenied");
  }

  @Test
  void forceSyncReadsAwsOnceForEachNewAnnotationValue() {
    reconciler.sync(resource);
    aws.holds("v2", "rotated");

    resource.getMetadata().setAnnotations(Map.of(ExternalDbSecret.FORCE_SYNC_ANNOTATION, "1"));
    reconciler.sync(resource);
    reconciler.sync(resource);

    assertThat(aws.reads).hasSize(2);
    assertThat(aws.reads.get(1)).isEqualTo(Duration.ZERO);
    assertThat(resource.getStatus().getForceSyncHandled()).isEqualTo("1");
    assertThat(password()).isEqualTo("rotated");
  }

  @Test
  void invalidSpecIsReportedWithoutReadingAws() {
    resource.getSpec().setRefreshInterval("soon");

    assertThat(reconciler.sync(resource)).contains(Duration.ofSeconds(30));

    assertThat(aws.reads).isEmpty();
    assertThat(ready().getReason()).isEqualTo("InvalidSpec");
    assertThat(ready().getMessage()).contains("soon");
  }

  private Condition ready() {
    return Conditions.find(resource.getStatus().getConditions(), Conditions.READY).orElseThrow();
  }

  private Secret secret() {
    return client.secrets().inNamespace(namespace).withName("app-db").get();
  }

  private String password() {
    return new String(Base64.getDecoder().decode(secret().getData().get("password")), StandardCharsets.UTF_8);
  }

  private List<Event> warnings() {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType())).toList();
  }
}
