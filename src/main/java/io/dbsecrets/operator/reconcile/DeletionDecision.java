package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.DeletionPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.ReadyReason;
import io.dbsecrets.operator.aws.FailureReason;
import io.dbsecrets.operator.aws.FetchFailure;
import io.dbsecrets.operator.aws.SecretPresence;
import io.dbsecrets.operator.kube.ManagedSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a failed read means when AWS may have deleted the secret, and whether deletionPolicy: Delete acts. Pure.
 *
 * <p>A deletion is confirmed by two answers at least {@link #CONFIRM_AFTER} apart, each backed by DescribeSecret:
 * GetSecretValue alone answers not-found for a wrong region, an eventually consistent read or a denied request,
 * and a Secret applications use must not be deleted on that. The first answer is kept in
 * {@code status.secretGoneSince}, so an operator restart between the two does not start over (the restarted operator
 * reads AWS again anyway); any answer that finds the secret clears it.
 *
 * @param reason       the Ready condition's reason
 * @param message      the Ready condition's message
 * @param deleteSecret deletionPolicy Delete acts now
 * @param goneSince    what to keep in status.secretGoneSince (null: the secret is not known to be gone)
 * @param retryAfter   when to read AWS again
 */
public record DeletionDecision(ReadyReason reason, String message, boolean deleteSecret, Instant goneSince,
                               Duration retryAfter) {
  /** The gap between the two answers; the first retry of a failure someone has to fix comes this late. */
  static final Duration CONFIRM_AFTER = Backoff.PERMANENT_BASE;

  /**
   * What the reconciler knows when a read failed.
   *
   * @param failure        why the read failed
   * @param failureMessage the read's error message
   * @param presence       DescribeSecret's answer
   * @param goneSince      status.secretGoneSince, or null
   * @param everSynced     the resource has synced at least once (else a missing secret is not a deleted one)
   * @param policy         spec.target.deletionPolicy
   * @param targetExists   the target Secret exists
   * @param mayDelete      deleting it is allowed (written by this spec, not Merge)
   * @param target         the target Secret's name
   * @param backoff        the failure backoff
   * @param refreshInterval spec.refreshInterval: a deleted secret is looked at no less often, so a restore is
   *                       noticed as soon as a rotation would be
   */
  public record Facts(String secretId, FailureReason failure, String failureMessage, SecretPresence presence,
                      Instant goneSince, boolean everSynced, DeletionPolicy policy, boolean targetExists,
                      boolean mayDelete, String target,
                      Duration backoff, Duration refreshInterval) {
    /** @param existing the target Secret as it is now, or null */
    public static Facts of(ExternalDbSecret resource, Secret existing, FetchFailure failure, SecretPresence presence,
                           Duration refreshInterval) {
      ExternalDbSecretStatus status = resource.getStatus();
      return new Facts(resource.getSpec().getSecretId(), failure.reason(), failure.getMessage(), presence,
          status.getSecretGoneSince() == null ? null : Instant.parse(status.getSecretGoneSince()),
          status.getLastSyncTime() != null, resource.getSpec().getTarget().effectiveDeletionPolicy(),
          existing != null, DeletionDecision.mayDelete(resource, existing), DesiredSecret.targetName(resource),
          failureBackoff(status.failureCount() + 1, failure.reason(), presence), refreshInterval);
    }
  }

  /**
   * The failure backoff. A read that said the secret is gone while DescribeSecret still finds it is passing (most
   * often a restore between the two calls), so it is retried on the short backoff of passing failures, not the
   * long one of a deletion someone has to undo.
   *
   * @param failures consecutive failures, this one included
   */
  static Duration failureBackoff(int failures, FailureReason failure, SecretPresence presence) {
    return Backoff.after(failures, failure.isTransient() || saidGoneButExists(failure, presence));
  }

  /** The read said the secret is gone (not merely a bad request) and DescribeSecret still finds it. */
  private static boolean saidGoneButExists(FailureReason failure, SecretPresence presence) {
    return presence.state() == SecretPresence.State.EXISTS && failure != FailureReason.InvalidRequest;
  }

  /** Only a Secret this very spec synced and the operator wholly owns: a typo in secretId never deletes one. */
  static boolean mayDelete(ExternalDbSecret resource, Secret existing) {
    ExternalDbSecretStatus status = resource.getStatus();
    return existing != null
        && resource.getSpec().getTarget().effectiveCreationPolicy() != CreationPolicy.Merge
        && ManagedSecrets.isManagedBy(existing, resource.getMetadata().getName())
        && status.getSyncedVersionId() != null
        && Objects.equals(resource.getMetadata().getGeneration(), status.getSyncedGeneration());
  }

  /** @return whether a failure with this reason is worth asking DescribeSecret about */
  public static boolean mayMeanDeleted(FailureReason reason) {
    // InvalidRequest too: AWS says "marked for deletion", moto "marked deleted"; DescribeSecret settles it
    return reason == FailureReason.SecretNotFound || reason == FailureReason.SecretDeleted
        || reason == FailureReason.InvalidRequest;
  }

  public static DeletionDecision decide(Facts facts, Instant now) {
    SecretPresence presence = facts.presence();
    if (!presence.gone()) {
      // an InvalidRequest about an existing secret is just that (a bad version stage, say): nothing to add
      String why = switch (presence.state()) {
        case EXISTS -> saidGoneButExists(facts.failure(), presence)
            ? "; DescribeSecret still finds the secret, so this is taken as transient and retried" : "";
        case UNKNOWN -> "; whether it was deleted is unknown, as DescribeSecret failed too: " + presence.detail();
        default -> "";
      };
      return new DeletionDecision(facts.failure().readyReason(), facts.failureMessage() + why, false, null, facts.backoff());
    }
    Instant since = facts.goneSince() == null || facts.goneSince().isAfter(now) ? now : facts.goneSince();
    Instant confirmAt = since.plus(CONFIRM_AFTER);
    boolean confirmed = !now.isBefore(confirmAt);
    boolean scheduled = presence.state() == SecretPresence.State.SCHEDULED_FOR_DELETION;
    boolean deleted = scheduled || confirmed && facts.everSynced();
    ReadyReason reason = deleted ? ReadyReason.SecretDeleted : ReadyReason.SecretNotFound;
    String what = scheduled
        ? "AWS secret '" + facts.secretId() + "' is scheduled for deletion on " + presence.deletedDate()
            + " (DescribeSecret DeletedDate); restore-secret before then brings it back and this resource "
            + "resyncs by itself"
        : "AWS secret '" + facts.secretId() + "' does not exist (GetSecretValue and DescribeSecret: not found"
            + (confirmed ? ", again " + CONFIRM_AFTER.toSeconds() + "s or more after the first answer at " + since
                : "; asking again at " + confirmAt + " to confirm") + ")";
    boolean delete = confirmed && facts.policy() == DeletionPolicy.Delete && facts.mayDelete();
    String outcome;
    if (delete) {
      outcome = "; deletionPolicy Delete: Secret '" + facts.target() + "' deleted";
    } else if (facts.policy() == DeletionPolicy.Delete && facts.mayDelete()) {
      outcome = "; deletionPolicy Delete deletes Secret '" + facts.target() + "' if AWS says the same at "
          + confirmAt;
    } else {
      outcome = keptSecret(facts);
    }
    Duration retry = confirmed ? restoreWatch(facts) : Duration.between(now, confirmAt);
    return new DeletionDecision(reason, what + outcome, delete, since, retry);
  }

  private static String keptSecret(Facts facts) {
    if (!facts.targetExists()) {
      return "; Secret '" + facts.target() + "' does not exist";
    }
    if (facts.policy() == DeletionPolicy.Delete && !facts.mayDelete()) {
      return "; deletionPolicy Delete, but Secret '" + facts.target() + "' is not deleted: it is merged into, "
          + "or was not synced by this spec";
    }
    return "; Secret '" + facts.target() + "' is kept (deletionPolicy " + facts.policy() + ")";
  }

  /** The failure backoff, but no longer than the refresh interval (nor shorter than the confirmation gap). */
  private static Duration restoreWatch(Facts facts) {
    Duration interval = facts.refreshInterval();
    if (interval == null || interval.isZero() || interval.isNegative()) {
      return facts.backoff();
    }
    Duration bound = interval.compareTo(CONFIRM_AFTER) < 0 ? CONFIRM_AFTER : interval;
    return facts.backoff().compareTo(bound) < 0 ? facts.backoff() : bound;
  }
}
