package io.dbsecrets.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Secret writes the operator has under way, so that the informer event each one causes (its echo) does not
 * reconcile the resource a second time: a cold start of N resources was 2N reconciles, one per sync and one per
 * echo of its own Secret. The expectation is recorded before the write, so the echo cannot outrun it (JOSDK's
 * recent-write cache is filled after the write returns, and on a real API server the echo came first four times in
 * five). An event is an echo when it carries exactly the data the write sent; anybody else's change carries other
 * data and reconciles as before. This is the "expectations" of Kubernetes' own controllers, keyed by content.
 */
public final class OwnWrites {
  /** An echo later than this is not waited for: the next event of that Secret reconciles as any other. */
  static final Duration FORGET_AFTER = Duration.ofMinutes(2);

  private final Clock clock;
  private final Map<String, Expected> pending = new ConcurrentHashMap<>();

  public OwnWrites(Clock clock) {
    this.clock = clock;
  }

  private record Expected(Map<String, String> data, Instant at) {}

  /** Call before writing {@code desired}; at most one write per Secret is expected at a time. */
  public void expect(Secret desired) {
    pending.put(key(desired), new Expected(dataOf(desired), clock.instant()));
  }

  /** The write failed: no echo will come. */
  public void cancel(Secret desired) {
    pending.remove(key(desired));
  }

  /** Whether {@code observed}, from an informer event, is the echo of an expected write; the echo is used up. */
  public boolean isEcho(Secret observed) {
    String key = key(observed);
    Expected expected = pending.get(key);
    if (expected == null) {
      return false;
    }
    if (clock.instant().isAfter(expected.at().plus(FORGET_AFTER))) {
      pending.remove(key, expected);
      return false;
    }
    return expected.data().equals(dataOf(observed)) && pending.remove(key, expected);
  }

  /** How many writes still wait for their echo (each Secret counts once). */
  public int pending() {
    return pending.size();
  }

  private static String key(Secret secret) {
    return Cache.metaNamespaceKeyFunc(secret);
  }

  private static Map<String, String> dataOf(Secret secret) {
    return Objects.requireNonNullElse(secret.getData(), Map.of());
  }
}
