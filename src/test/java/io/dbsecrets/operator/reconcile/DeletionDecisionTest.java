package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.DeletionPolicy;
import io.dbsecrets.operator.api.ReadyReason;
import io.dbsecrets.operator.aws.FailureReason;
import io.dbsecrets.operator.aws.SecretPresence;
import io.dbsecrets.operator.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeletionDecisionTest {
  private static final Instant DELETION_DATE = Instant.parse("2026-12-06T10:00:00Z");
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T10:00:00Z"));

  @Test
  void scheduledDeletionIsSecretDeletedWithItsDateAtOnceButDeletesOnlyOnASecondAnswerLater() {
    DeletionDecision first = decide(FailureReason.InvalidRequest, SecretPresence.scheduledForDeletion(DELETION_DATE),
        null, DeletionPolicy.Delete);

    assertThat(first.reason()).isEqualTo(ReadyReason.SecretDeleted);
    assertThat(first.message()).contains("scheduled for deletion on 2026-12-06T10:00:00Z", "restore-secret",
        "deletes Secret 'app-db' if AWS says the same at 2026-11-29T10:00:30Z");
    assertThat(first.deleteSecret()).isFalse();
    assertThat(first.goneSince()).isEqualTo(clock.instant());
    assertThat(first.retryAfter()).isEqualTo(DeletionDecision.CONFIRM_AFTER);

    clock.advance(Duration.ofSeconds(10)); // an event reconciles early: still not confirmed
    DeletionDecision early = decide(FailureReason.InvalidRequest, SecretPresence.scheduledForDeletion(DELETION_DATE),
        first.goneSince(), DeletionPolicy.Delete);
    assertThat(early.deleteSecret()).isFalse();
    assertThat(early.goneSince()).isEqualTo(first.goneSince());
    assertThat(early.retryAfter()).isEqualTo(Duration.ofSeconds(20));

    clock.advance(Duration.ofSeconds(20));
    DeletionDecision second = decide(FailureReason.InvalidRequest, SecretPresence.scheduledForDeletion(DELETION_DATE),
        first.goneSince(), DeletionPolicy.Delete);
    assertThat(second.deleteSecret()).isTrue();
    assertThat(second.reason()).isEqualTo(ReadyReason.SecretDeleted);
    assertThat(second.message()).contains("deletionPolicy Delete: Secret 'app-db' deleted");
  }

  @Test
  void retainNeverDeletesAndSaysTheSecretIsKept() {
    DeletionDecision first = decide(FailureReason.SecretDeleted, SecretPresence.scheduledForDeletion(DELETION_DATE),
        null, DeletionPolicy.Retain);
    clock.advance(Duration.ofHours(1));
    DeletionDecision later = decide(FailureReason.SecretDeleted, SecretPresence.scheduledForDeletion(DELETION_DATE),
        first.goneSince(), DeletionPolicy.Retain);

    assertThat(later.deleteSecret()).isFalse();
    assertThat(later.reason()).isEqualTo(ReadyReason.SecretDeleted);
    assertThat(later.message()).contains("Secret 'app-db' is kept (deletionPolicy Retain)");
  }

  @Test
  void forceDeletedSecretIsSecretNotFoundUntilConfirmedThenSecretDeleted() {
    DeletionDecision first = decide(FailureReason.SecretNotFound, SecretPresence.notFound(), null,
        DeletionPolicy.Delete);
    assertThat(first.reason()).isEqualTo(ReadyReason.SecretNotFound);
    assertThat(first.deleteSecret()).isFalse();

    clock.advance(DeletionDecision.CONFIRM_AFTER);
    DeletionDecision second = decide(FailureReason.SecretNotFound, SecretPresence.notFound(), first.goneSince(),
        DeletionPolicy.Delete);
    assertThat(second.reason()).isEqualTo(ReadyReason.SecretDeleted);
    assertThat(second.deleteSecret()).isTrue();
  }

  @Test
  void aNotFoundThatDescribeSecretContradictsIsTransientAndForgetsEarlierAnswers() {
    Instant earlier = clock.instant().minus(Duration.ofMinutes(5));

    DeletionDecision decision = decide(FailureReason.SecretNotFound, SecretPresence.exists(), earlier,
        DeletionPolicy.Delete);

    assertThat(decision.deleteSecret()).isFalse();
    assertThat(decision.reason()).isEqualTo(ReadyReason.SecretNotFound);
    assertThat(decision.message()).contains("DescribeSecret still finds the secret");
    assertThat(decision.goneSince()).isNull();
  }

  @Test
  void anInvalidRequestAboutASecretThatExistsStaysInvalidRequest() {
    DeletionDecision decision = decide(FailureReason.InvalidRequest, SecretPresence.exists(), null,
        DeletionPolicy.Delete);

    assertThat(decision.reason()).isEqualTo(ReadyReason.InvalidRequest);
    assertThat(decision.message()).isEqualTo("GetSecretValue for 'payments/db' failed");
    assertThat(decision.deleteSecret()).isFalse();
  }

  @Test
  void describeSecretFailingNeverConfirmsADeletion() {
    DeletionDecision decision = decide(FailureReason.SecretNotFound,
        SecretPresence.unknown("DescribeSecret failed: AccessDeniedException"),
        clock.instant().minus(Duration.ofHours(1)), DeletionPolicy.Delete);

    assertThat(decision.deleteSecret()).isFalse();
    assertThat(decision.goneSince()).isNull();
    assertThat(decision.message()).contains("AccessDeniedException");
  }

  @Test
  void twoNotFoundAnswersCloserThanTheGapDoNotDelete() {
    DeletionDecision first = decide(FailureReason.SecretNotFound, SecretPresence.notFound(), null,
        DeletionPolicy.Delete);
    clock.advance(DeletionDecision.CONFIRM_AFTER.minusMillis(1));

    assertThat(decide(FailureReason.SecretNotFound, SecretPresence.notFound(), first.goneSince(),
        DeletionPolicy.Delete).deleteSecret()).isFalse();
  }

  @Test
  void aSecretThatNeverSyncedIsNotFoundNotDeleted() {
    DeletionDecision decision = DeletionDecision.decide(facts(FailureReason.SecretNotFound,
        SecretPresence.notFound(), clock.instant().minus(Duration.ofHours(1)), DeletionPolicy.Retain, false),
        clock.instant());

    assertThat(decision.reason()).isEqualTo(ReadyReason.SecretNotFound);
  }

  @Test
  void aConfirmedDeletionIsLookedAtAgainWithinTheRefreshIntervalSoARestoreIsNoticed() {
    Instant since = clock.instant().minus(Duration.ofDays(1));
    DeletionDecision decision = DeletionDecision.decide(new DeletionDecision.Facts("payments/db",
        FailureReason.SecretDeleted, "GetSecretValue failed", SecretPresence.scheduledForDeletion(DELETION_DATE),
        since, true, DeletionPolicy.Retain, true, false, "app-db", Duration.ofMinutes(10), Duration.ofMinutes(2)),
        clock.instant());

    assertThat(decision.retryAfter()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aSecretDescribeSecretStillFindsIsRetriedOnTheShortBackoff() {
    // a restore between the read ("marked for deletion") and DescribeSecret: retried in seconds, not minutes
    assertThat(DeletionDecision.failureBackoff(3, FailureReason.SecretDeleted, SecretPresence.exists()))
        .isEqualTo(Backoff.after(3, true));
    assertThat(DeletionDecision.failureBackoff(3, FailureReason.SecretDeleted,
        SecretPresence.scheduledForDeletion(DELETION_DATE))).isEqualTo(Backoff.after(3, false));
    assertThat(DeletionDecision.failureBackoff(3, FailureReason.InvalidRequest, SecretPresence.exists()))
        .as("a bad request about an existing secret is the request's fault: the long backoff")
        .isEqualTo(Backoff.after(3, false));
  }

  private DeletionDecision decide(FailureReason failure, SecretPresence presence, Instant goneSince,
                                  DeletionPolicy policy) {
    return DeletionDecision.decide(facts(failure, presence, goneSince, policy, true), clock.instant());
  }

  private static DeletionDecision.Facts facts(FailureReason failure, SecretPresence presence, Instant goneSince,
                                              DeletionPolicy policy, boolean everSynced) {
    return new DeletionDecision.Facts("payments/db", failure, "GetSecretValue for 'payments/db' failed", presence,
        goneSince, everSynced, policy, true, true, "app-db", Duration.ofSeconds(30), Duration.ofHours(1));
  }
}
