package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.aws.ReadAhead.DueRead;
import io.dbsecrets.operator.aws.SecretRequest;
import io.dbsecrets.operator.policy.NamespacePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The fleet's periodic AWS reads that fall due within the read-ahead horizon of now, earliest first: what a batch
 * leaving now may read ahead for them. An answer read now is at most the horizon
 * ({@link RefreshSchedule#readAheadHorizon}) old when the read falls due, and a periodic refresh accepts a little
 * more ({@link RefreshSchedule#sharingWindow}); a resource waiting for its first sync
 * is due now and accepts the coalesce window, so a cold start reads in full batches too. A failing resource retries
 * with no answer shared, and a changed spec reads on its own: neither is read ahead.
 */
final class DueSoon {
  private DueSoon() {}

  static List<DueRead> of(Stream<ExternalDbSecret> resources, Instant now, SyncSettings settings,
                          NamespacePolicy policy) {
    return resources.map(r -> read(r, now, settings, policy)).flatMap(Optional::stream)
        .sorted(Comparator.comparing(DueRead::due)).toList();
  }

  static Optional<DueRead> read(ExternalDbSecret resource, Instant now, SyncSettings settings,
                                NamespacePolicy policy) {
    ExternalDbSecretStatus status = resource.getStatus();
    if (status != null && status.failureCount() > 0) {
      return Optional.empty();
    }
    if (status == null || status.getLastSyncTime() == null) {
      // waiting for its first sync (a cold start, a new resource): due now, sharing the coalesce window
      return policy.deny(resource).isEmpty()
          ? Optional.of(new DueRead(AwsRequests.of(resource, settings.defaultRegion()), now, settings.coalesceWindow()))
          : Optional.empty();
    }
    if (status.getNextRefreshTime() == null
        || !Objects.equals(status.getObservedGeneration(), resource.getMetadata().getGeneration())) {
      return Optional.empty();
    }
    Duration interval = settings.refreshIntervals().effective(resource.getSpec().getRefreshInterval());
    if (interval.isZero() || interval.isNegative()) {
      return Optional.empty();
    }
    Instant due = Instant.parse(status.getNextRefreshTime());
    if (due.isAfter(now.plus(RefreshSchedule.readAheadHorizon(interval))) || !policy.deny(resource).isEmpty()) {
      return Optional.empty();
    }
    SecretRequest request = AwsRequests.of(resource, settings.defaultRegion());
    return Optional.of(new DueRead(request, due.isBefore(now) ? now : due, RefreshSchedule.sharingWindow(interval)));
  }
}
