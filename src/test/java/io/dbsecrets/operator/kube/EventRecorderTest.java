package io.dbsecrets.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.support.MockRequests;
import io.dbsecrets.operator.support.SettableClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events on the fabric8 mock server (CRUD mode), counting the requests each costs: what `kubectl describe` shows
 * and what the API server pays for it.
 */
@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static KubernetesClient client;
  static KubernetesMockServer server;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private String namespace;
  private ConfigMap about;

  @BeforeEach
  void resource() {
    namespace = "events-" + NAMESPACES.incrementAndGet();
    about = client.configMaps().resource(new ConfigMapBuilder()
        .withNewMetadata().withName("app").withNamespace(namespace).withUid("uid-" + namespace).endMetadata()
        .build()).create();
  }

  @Test
  void aNewEventIsOneCreate() {
    EventRecorder events = new EventRecorder(client, clock);

    List<String> requests = requestsDuring(() -> events.normal(about, "Synced", "Secret 'db' created"));

    assertThat(requests).containsExactly("POST");
    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.getReason()).isEqualTo("Synced");
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getCount()).isEqualTo(1);
      assertThat(e.getInvolvedObject().getName()).isEqualTo("app");
    });
  }

  @Test
  void aRepeatBumpsTheCountOfTheSameEvent() {
    EventRecorder events = new EventRecorder(client, clock);
    events.warning(about, "Throttled", "AWS throttled the read");
    clock.advance(Duration.ofSeconds(5));

    List<String> requests = requestsDuring(() -> events.warning(about, "Throttled", "AWS throttled the read"));
    events.warning(about, "Throttled", "AWS throttled the read");

    assertThat(requests).containsExactly("GET", "PUT");
    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.getCount()).isEqualTo(3);
      assertThat(e.getFirstTimestamp()).isEqualTo("2026-03-01T10:00:00Z");
      assertThat(e.getLastTimestamp()).isEqualTo("2026-03-01T10:00:05Z");
    });
  }

  @Test
  void anEventAnEarlierProcessRecordedIsBumpedNotDuplicated() {
    new EventRecorder(client, clock).warning(about, "Throttled", "AWS throttled the read");
    EventRecorder restarted = new EventRecorder(client, clock);

    List<String> requests = requestsDuring(() -> restarted.warning(about, "Throttled", "AWS throttled the read"));

    assertThat(requests).containsExactly("POST", "GET", "PUT");
    assertThat(events()).singleElement().extracting(Event::getCount).isEqualTo(2);
  }

  @Test
  void anEventThatExpiredSinceIsCreatedAgain() {
    EventRecorder events = new EventRecorder(client, clock);
    events.normal(about, "Synced", "Secret 'db' created");
    client.v1().events().inNamespace(namespace).delete();

    events.normal(about, "Synced", "Secret 'db' created");

    assertThat(events()).singleElement().extracting(Event::getCount).isEqualTo(1);
  }

  @Test
  void differentMessagesAreDifferentEvents() {
    EventRecorder events = new EventRecorder(client, clock);

    events.normal(about, "Synced", "Secret 'db' created");
    events.normal(about, "Synced", "Secret 'db' updated");

    assertThat(events()).extracting(Event::getMessage)
        .containsExactlyInAnyOrder("Secret 'db' created", "Secret 'db' updated");
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }

  /** The methods of the requests {@code action} sent to the API server (the server records every request). */
  private static List<String> requestsDuring(Runnable action) {
    MockRequests.takeAll(server);
    action.run(); // synchronous: nothing it sent is still on its way
    return MockRequests.takeAll(server).stream().map(RecordedRequest::getMethod).toList();
  }
}
