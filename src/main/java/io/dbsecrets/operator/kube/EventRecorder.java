package io.dbsecrets.operator.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on a resource. A repeat of the same event bumps the count of the existing one instead
 * of adding another, as kubectl users expect from retries. Failing to record is logged, never fatal.
 *
 * <p>An event it has not recorded before is created at once, one request: looking it up first cost every first sync
 * a GET that found nothing (a quorum read from etcd). An event it has recorded, or one that already exists (from
 * an earlier process: the create answers 409), is read and its count bumped.
 */
public class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  public static final String COMPONENT = "externaldbsecret-operator";

  /** Events recorded by this process that may be repeated; beyond this many, the oldest costs a failed create. */
  static final int REMEMBERED = 10_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final Set<String> recorded = Collections.synchronizedSet(Collections.newSetFromMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      }));

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    String namespace = about.getMetadata().getNamespace();
    String name = about.getMetadata().getName() + "." + digest(about.getMetadata().getUid() + type + reason + message);
    String now = clock.instant().toString();
    String key = Cache.namespaceKeyFunc(namespace, name);
    try {
      var events = client.v1().events().inNamespace(namespace);
      if (!recorded.contains(key) && created(events.resource(newEvent(about, name, type, reason, message, now)))) {
        recorded.add(key);
        return;
      }
      Event existing = events.withName(name).get();
      if (existing == null) {
        // expired (the API server keeps events for an hour) since this process recorded it
        events.resource(newEvent(about, name, type, reason, message, now)).create();
      } else {
        existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
        existing.setLastTimestamp(now);
        events.resource(existing).update();
      }
      recorded.add(key);
    } catch (KubernetesClientException e) {
      log.warn("could not record event {} on {}/{}: {}", reason, namespace, about.getMetadata().getName(),
          e.getMessage());
    }
  }

  /** Creates the event; false if one of that name exists already. */
  private static boolean created(Resource<Event> event) {
    try {
      event.create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  private static Event newEvent(HasMetadata about, String name, String type, String reason, String message,
      String now) {
    String namespace = about.getMetadata().getNamespace();
    return new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(about.getApiVersion()).withKind(about.getKind())
            .withName(about.getMetadata().getName()).withNamespace(namespace)
            .withUid(about.getMetadata().getUid()).withResourceVersion(about.getMetadata().getResourceVersion())
            .build())
        .withType(type).withReason(reason).withMessage(message)
        .withCount(1).withFirstTimestamp(now).withLastTimestamp(now)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
