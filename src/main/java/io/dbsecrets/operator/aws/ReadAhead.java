package io.dbsecrets.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fills a BatchGetSecretValue that is about to leave with the secrets the fleet reads soon, so a refresh cycle costs
 * one call per 20 secrets due together, not one per handful of reconciles that happened to line up inside the
 * aggregation window (on a loaded machine batches carried 1.5 to 8 secrets). Which reads fall due soon is the
 * reconciler's to say ({@link DueReads}); this class only claims them in the shared-read cache, so the resources'
 * own reads, when they come, take the answer instead of calling AWS again.
 */
public final class ReadAhead {
  /** A read the fleet will make at {@code due}, accepting an answer up to {@code maxAge} old then. */
  public record DueRead(SecretRequest request, Instant due, Duration maxAge) {}

  /** The reads falling due soon enough that an answer read now still serves them. */
  @FunctionalInterface
  public interface DueReads {
    List<DueRead> dueSoon(Instant now);
  }

  /**
   * How long one listing of the reads due soon serves the batches that open after it. Listing them walks the whole
   * cache of resources; at N = 20,000, with batches opening several times a second, sharing the walks halved the
   * operator's CPU to all Ready (221 to 107 s) and let the steady cycle finish inside its interval. A second is short
   * against the read-ahead horizon (9 s at a 60 s interval); a read missing from a reused listing is read when it
   * falls due, and one read already is skipped by the shared-read cache.
   */
  static final Duration REUSE_LISTING = Duration.ofSeconds(1);

  private final Clock clock;
  private volatile DueReads due = now -> List.of();
  private volatile CoalescingSecretSource cache;
  private volatile Listing last;

  /** Reads nothing ahead until {@link #readsFrom} and {@link #answersInto} are bound. */
  public ReadAhead(Clock clock) {
    this.clock = clock;
  }

  /** Where the due reads come from: bound once the reconciler's cache of resources exists. */
  public void readsFrom(DueReads due) {
    this.due = due;
  }

  /** The shared-read cache the answers go to; without one nothing is read ahead. */
  public void answersInto(CoalescingSecretSource cache) {
    this.cache = cache;
  }

  /**
   * Claims up to {@code room} reads of this region and identity that no answer in the cache (in flight, or still
   * fresh when the read falls due) covers already.
   *
   * @param taken secret IDs the batch carries already
   */
  List<CoalescingSecretSource.Claim> claim(String region, AwsIdentity identity, Set<String> taken, int room) {
    CoalescingSecretSource answers = cache;
    if (room <= 0 || answers == null) {
      return List.of();
    }
    List<CoalescingSecretSource.Claim> claims = new ArrayList<>();
    Set<String> seen = new HashSet<>(taken);
    for (DueRead read : dueSoon(clock.instant())) {
      if (claims.size() >= room) {
        break;
      }
      SecretRequest request = read.request();
      if (request.readsCurrentVersion() && request.region().equals(region) && request.identity().equals(identity)
          && seen.add(request.secretId())) {
        answers.claim(request, read.due(), read.maxAge()).ifPresent(claims::add);
      }
    }
    return claims;
  }

  /** The reads due soon, listed afresh unless a listing with some in it is under {@link #REUSE_LISTING} old. */
  private List<DueRead> dueSoon(Instant now) {
    Listing listing = last;
    if (listing != null && !now.isBefore(listing.at()) && now.isBefore(listing.at().plus(REUSE_LISTING))) {
      return listing.reads();
    }
    List<DueRead> reads = due.dueSoon(now);
    // an empty listing is not kept: a resource created a moment later (due now) must not wait a second for company
    last = reads.isEmpty() ? null : new Listing(now, reads);
    return reads;
  }

  private record Listing(Instant at, List<DueRead> reads) {}
}
