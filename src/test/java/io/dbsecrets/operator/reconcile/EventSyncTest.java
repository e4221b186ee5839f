package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.aws.FetchFailure;
import io.dbsecrets.operator.aws.SecretRequest;
import io.dbsecrets.operator.aws.SecretSource;
import io.dbsecrets.operator.aws.SecretValue;
import io.dbsecrets.operator.support.SettableClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sync a Secrets Manager event triggered, called directly with a settable clock and an in-memory secret source
 * (the operator tests cover the real protocol): what it reads, how old an answer it accepts, what it writes.
 */
@EnableKubernetesMockClient(crud = true)
class EventSyncTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** One mock server for the class; each test works in a namespace of its own. */
  static KubernetesClient client;
  private String namespace;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final CurrentVersion aws = new CurrentVersion();
  private ExternalDbSecretReconciler reconciler;
  private ExternalDbSecret resource;

  /** AWSCURRENT as AWS would answer it; records the maxAge of each read. */
  private static final class CurrentVersion implements SecretSource {
    private SecretValue value;
    private final List<Duration> reads = new ArrayList<>();

    void holds(String versionId, String password) {
      value = SecretValue.ofString("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db/app-AbCdEf", "db/app",
          versionId, List.of("AWSCURRENT"), "{\"password\":\"" + password + "\"}");
    }

    @Override
    public SecretValue fetch(SecretRequest request, Duration maxAge) throws FetchFailure {
      reads.add(maxAge);
      return value;
    }
  }

  @BeforeEach
  void setUp() {
    namespace = "event-" + NAMESPACES.incrementAndGet();
    reconciler = DirectSync.reconciler(client, aws, clock);
    resource = DirectSync.hourlyResource(namespace, "0d5c1b7e-0000-4000-8000-000000000002");
    aws.holds("v1", "first");
    reconciler.sync(resource);
    clock.advance(Duration.ofMinutes(5));
  }

  @Test
  void anEventForANewVersionReadsAwsAtOnceLongBeforeTheRefreshIsDue() {
    aws.holds("v2", "rotated");

    reconciler.sync(resource, arrived("v2", clock.instant()));

    assertThat(aws.reads).hasSize(2);
    assertThat(password()).isEqualTo("rotated");
    assertThat(resource.getStatus().getSyncedVersionId()).isEqualTo("v2");
    assertThat(resource.getStatus().getLastSyncTrigger()).isEqualTo("event");
  }

  @Test
  void theFirstSyncSaysTheSpecTriggeredIt() {
    assertThat(resource.getStatus().getLastSyncTrigger()).isEqualTo("spec");
  }

  @Test
  void anEventForTheVersionTheSecretHoldsReadsNothing() {
    reconciler.sync(resource, arrived("v1", clock.instant()));

    assertThat(aws.reads).hasSize(1);
    assertThat(resource.getStatus().getLastSyncTrigger()).isEqualTo("spec");
  }

  @Test
  void anEventNamingAnOlderVersionWritesNothingOlder() {
    aws.holds("v2", "rotated");
    reconciler.sync(resource, arrived("v2", clock.instant()));
    String written = secretVersion();

    clock.advance(Duration.ofSeconds(1));
    reconciler.sync(resource, arrived("v1", clock.instant()));

    assertThat(resource.getStatus().getSyncedVersionId()).isEqualTo("v2");
    assertThat(password()).isEqualTo("rotated");
    assertThat(secretVersion()).isEqualTo(written);
  }

  @Test
  void anEventTakesNoSharedAnswerOlderThanItself() {
    aws.holds("v2", "rotated");
    Instant received = clock.instant();
    clock.advance(Duration.ofMillis(300));

    reconciler.sync(resource, arrived("v2", received));

    // answers read since the event arrived are shared by every resource reading the secret; none from before
    assertThat(aws.reads.get(1)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void anEventWithoutAVersionAlwaysReads() {
    reconciler.sync(resource, arrived(null, clock.instant()));

    assertThat(aws.reads).hasSize(2);
    assertThat(aws.reads.get(1)).isEqualTo(Duration.ZERO);
  }

  private static PendingEvents arrived(String versionId, Instant received) {
    return new PendingEvents(List.of(new PendingEvents.Arrival(versionId, received, new CompletableFuture<>())));
  }

  private String secretVersion() {
    return client.secrets().inNamespace(namespace).withName("app-db").get().getMetadata().getResourceVersion();
  }

  private String password() {
    return new String(Base64.getDecoder().decode(client.secrets().inNamespace(namespace).withName("app-db").get()
        .getData().get("password")), StandardCharsets.UTF_8);
  }
}
