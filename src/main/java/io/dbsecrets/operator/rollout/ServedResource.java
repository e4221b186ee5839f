package io.dbsecrets.operator.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Whether the API server serves a resource that a CRD adds (Argo Rollouts' rollouts), from API discovery. The answer
 * is kept, so that auto-detection does not ask the API server on every reconcile: "served" until a read of the
 * resource meets a 404 ({@link #gone}), "not served" until {@link #RECHECK} has passed, so a CRD installed later is
 * picked up within a minute without a restart of the operator.
 */
public class ServedResource {
  /** How long "not served" is believed before discovery is asked again. */
  public static final Duration RECHECK = Duration.ofMinutes(1);

  private final BooleanSupplier discovery;
  private final Clock clock;
  private Boolean served;
  private Instant checkedAt;

  /** @param discovery asks the API server; may throw when it cannot be reached (then nothing is cached) */
  public ServedResource(BooleanSupplier discovery, Clock clock) {
    this.discovery = discovery;
    this.clock = clock;
  }

  /** The kept answer, or discovery's when there is none yet or "not served" is older than {@link #RECHECK}. */
  public synchronized boolean served() {
    if (served == null || (!served && !clock.instant().isBefore(checkedAt.plus(RECHECK)))) {
      return recheck();
    }
    return served;
  }

  /** Asks discovery now (a named target was not found: is it the object or the whole kind that is missing?). */
  public synchronized boolean recheck() {
    boolean answer = discovery.getAsBoolean();
    served = answer;
    checkedAt = clock.instant();
    return answer;
  }

  /** A read of the resource met a 404 for the whole collection: the CRD was removed. */
  public synchronized void gone() {
    served = false;
    checkedAt = clock.instant();
  }
}
