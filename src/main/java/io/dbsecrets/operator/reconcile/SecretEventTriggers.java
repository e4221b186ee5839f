package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.aws.events.SecretEvent;
import io.dbsecrets.operator.aws.events.SecretEventSink;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The JOSDK event source secret events come in through: an event triggers a reconcile of every resource reading
 * its secret at once, and is kept for that reconcile ({@link #take}) to decide what to read. Only a running source
 * (the leader's) accepts events. A restart due for one resource asks the others feeding the workload to sync the
 * same way ({@link #requestSync}).
 */
final class SecretEventTriggers extends AbstractEventSource<SecretEvent, ExternalDbSecret>
    implements SecretEventSink, SyncRequests {
  static final String NAME = "secret-events";
  private final SecretIdIndex index;
  private final Supplier<IndexerResourceCache<ExternalDbSecret>> resources;
  private final Map<ResourceID, List<PendingEvents.Arrival>> pending = new ConcurrentHashMap<>();

  SecretEventTriggers(SecretIdIndex index, Supplier<IndexerResourceCache<ExternalDbSecret>> resources) {
    super(SecretEvent.class, NAME);
    this.index = index;
    this.resources = resources;
  }

  @Override
  public CompletableFuture<Integer> deliver(SecretEvent event, Instant received) {
    IndexerResourceCache<ExternalDbSecret> cache = resources.get();
    if (!isRunning() || cache == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("the reconciler is not running"));
    }
    forgetDeleted(cache);
    Set<ResourceID> readers = index.readersOf(event, key -> cache.byIndex(SecretIdIndex.NAME, key));
    return trigger(readers, done -> new PendingEvents.Arrival(event.versionId(), received, done))
        .thenApply(v -> readers.size());
  }

  /** Keeps an arrival for each resource's next reconcile and triggers it; completes once every one is handled. */
  private CompletableFuture<Void> trigger(Set<ResourceID> ids,
                                          Function<CompletableFuture<Void>, PendingEvents.Arrival> arrival) {
    List<CompletableFuture<Void>> handled = new ArrayList<>();
    for (ResourceID id : ids) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      add(id, arrival.apply(done));
      handled.add(done);
      getEventHandler().handleEvent(new Event(id));
    }
    return CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new));
  }

  /**
   * A resource deleted before its reconcile took its events never will: their deliveries complete (nothing is
   * left to sync for them) and nothing of them stays behind.
   */
  private void forgetDeleted(IndexerResourceCache<ExternalDbSecret> cache) {
    pending.keySet().removeIf(id -> {
      if (cache.get(id).isPresent()) {
        return false;
      }
      List<PendingEvents.Arrival> gone = pending.get(id);
      if (gone != null) {
        new PendingEvents(gone).done();
      }
      return true;
    });
  }

  /** As a Secrets Manager event would; completes at once when this source is not running (not the leader). */
  @Override
  public CompletableFuture<Void> requestSync(Set<ResourceID> ids, Instant now) {
    IndexerResourceCache<ExternalDbSecret> cache = resources.get();
    if (!isRunning() || cache == null || ids.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    forgetDeleted(cache);
    return trigger(ids, done -> PendingEvents.Arrival.forRollout(now, done));
  }

  @Override
  public void wake(ResourceID id) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(id));
    }
  }

  private void add(ResourceID id, PendingEvents.Arrival arrival) {
    pending.compute(id, (k, list) -> {
      List<PendingEvents.Arrival> next = list == null ? new ArrayList<>() : list;
      next.add(arrival);
      return next;
    });
  }

  /** The events that arrived for a resource, for the reconcile about to run; they are its to complete. */
  PendingEvents take(ResourceID id) {
    List<PendingEvents.Arrival> arrivals = pending.remove(id);
    return arrivals == null ? PendingEvents.NONE : new PendingEvents(arrivals);
  }

  @Override
  public Set<SecretEvent> getSecondaryResources(ExternalDbSecret primary) {
    return Set.of();
  }
}
