package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.ReadyReason;
import io.dbsecrets.operator.aws.FetchFailure;
import io.dbsecrets.operator.aws.ReadAhead;
import io.dbsecrets.operator.aws.SecretDescriber;
import io.dbsecrets.operator.aws.SecretRequest;
import io.dbsecrets.operator.aws.SecretSource;
import io.dbsecrets.operator.aws.SecretValue;
import io.dbsecrets.operator.aws.events.SecretEventSink;
import io.dbsecrets.operator.kube.CachedCopies;
import io.dbsecrets.operator.kube.CompactItemStore;
import io.dbsecrets.operator.kube.EventRecorder;
import io.dbsecrets.operator.kube.ManagedSecrets;
import io.dbsecrets.operator.kube.OwnWrites;
import io.dbsecrets.operator.kube.SecretRejected;
import io.dbsecrets.operator.kube.SecretWriter;
import io.dbsecrets.operator.policy.NamespacePolicy;
import io.dbsecrets.operator.render.DataHasher;
import io.dbsecrets.operator.render.RenderFailure;
import io.dbsecrets.operator.render.SecretData;
import io.dbsecrets.operator.render.SecretRenderer;
import io.dbsecrets.operator.rollout.RolloutOutcome;
import io.dbsecrets.operator.rollout.RolloutTrigger;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Secret in step with the AWS secret an ExternalDbSecret names: observe (Secret, status), validate (spec,
 * namespace policy, ownership), decide whether AWS must be read, read, render, write only what changed, restart
 * workloads, and report on status and in Events. Failures never touch the Secret.
 */
@ControllerConfiguration(name = ExternalDbSecretReconciler.NAME, generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrForceSyncChanged.class))
public class ExternalDbSecretReconciler implements Reconciler<ExternalDbSecret> {
  public static final String NAME = "externaldbsecret";
  private static final Logger log = LoggerFactory.getLogger(ExternalDbSecretReconciler.class);

  private final KubernetesClient client;
  private final SecretSource secrets;
  private final SecretWriter writer;
  private final SyncReport report;
  private final DataHasher hasher;
  private final NamespacePolicy policy;
  private final RolloutTrigger rollouts;
  private final SyncMetrics metrics;
  private final SyncSettings settings;
  private final Clock clock;
  private final SecretDeletions deletions;
  private final FormerTargets formerTargets;
  private final ReconcileDeadlines deadlines;
  private final SecretEventTriggers events;
  private final RolloutSiblings siblings;
  private final OwnWrites ownWrites;
  private InformerEventSource<Secret, ExternalDbSecret> managedSecrets;
  private volatile IndexerResourceCache<ExternalDbSecret> resources;

  public ExternalDbSecretReconciler(KubernetesClient client, SecretSource secrets, SecretDescriber describer,
                                    DataHasher hasher, NamespacePolicy policy, RolloutTrigger rollouts,
                                    SyncMetrics metrics, SyncSettings settings, Clock clock,
                                    ReconcileDeadlines deadlines) {
    this.client = client;
    this.secrets = secrets;
    this.writer = new SecretWriter(client);
    EventRecorder events = new EventRecorder(client, clock);
    this.report = new SyncReport(events, metrics);
    this.hasher = hasher;
    this.policy = policy;
    this.rollouts = rollouts;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.deletions = new SecretDeletions(describer, writer, events);
    this.formerTargets = new FormerTargets(writer, events);
    this.deadlines = deadlines;
    this.events = new SecretEventTriggers(new SecretIdIndex(settings.defaultRegion(), policy), () -> resources);
    this.siblings = new RolloutSiblings(this::resourcesIn, this.events);
    this.ownWrites = new OwnWrites(clock);
  }

  /** Where the event queue consumer hands Secrets Manager events. */
  public SecretEventSink secretEvents() {
    return events;
  }

  @Override
  public List<EventSource<?, ExternalDbSecret>> prepareEventSources(EventSourceContext<ExternalDbSecret> context) {
    resources = context.getPrimaryCache();
    resources.addIndexer(TargetIndex.NAME, TargetIndex::keys);
    resources.addIndexer(SecretIdIndex.NAME, new SecretIdIndex(settings.defaultRegion(), policy)::keys);
    managedSecrets = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, ExternalDbSecret.class)
            .withLabelSelector(ManagedSecrets.SELECTOR)
            .withItemStore(CompactItemStore.ofSecrets())
            .withNamespacesInheritedFromController()
            .withOnAddFilter(secret -> !ownWrites.isEcho(secret))
            .withOnUpdateFilter((secret, before) -> !ownWrites.isEcho(secret))
            .withSecondaryToPrimaryMapper(secret -> servedHere(TargetIndex.resourcesFor(secret, resources)))
            .build(), context);
    managedSecrets.addIndexers(Map.of(ManagerIndex.NAME, ManagerIndex::keys));
    List<EventSource<?, ExternalDbSecret>> sources = new ArrayList<>();
    sources.add(managedSecrets);
    sources.add(events);
    sources.addAll(policy.eventSources(context));
    return sources;
  }

  /**
   * The resources of this replica's cache: with several shards every shard sees every managed Secret, and JOSDK
   * keeps state for each resource an event is handed to, also for one another shard serves and this one never
   * reconciles (JOSDK skips a resource missing from the cache anyway, so one shard sees no difference).
   */
  private Set<ResourceID> servedHere(Set<ResourceID> ids) {
    IndexerResourceCache<ExternalDbSecret> cache = resources;
    if (cache == null) {
      return ids;
    }
    return ids.stream().filter(id -> cache.get(id).isPresent()).collect(Collectors.toSet());
  }

  /** The ExternalDbSecrets of a namespace in the cache; none before the event sources are prepared. */
  private List<ExternalDbSecret> resourcesIn(String namespace) {
    IndexerResourceCache<ExternalDbSecret> cache = resources;
    return cache == null ? List.of() : cache.list(namespace).toList();
  }

  /** How many ExternalDbSecrets the operator manages now. */
  public long managedResources() {
    IndexerResourceCache<ExternalDbSecret> cache = resources;
    return cache == null ? 0 : cache.list().count();
  }

  /** Resources whose last reconcile promised another that has not come, by more than {@code grace}. */
  public long overdueReconciles(Duration grace) {
    return deadlines.overdue(grace, id -> resources != null && resources.get(id).isPresent());
  }

  /** The fleet's periodic AWS reads falling due within the read-ahead horizon of {@code now} ({@link DueSoon}). */
  public List<ReadAhead.DueRead> dueSoon(Instant now) {
    IndexerResourceCache<ExternalDbSecret> cache = resources;
    return cache == null ? List.of() : DueSoon.of(cache.list(), now, settings, policy);
  }

  /** Resources whose refresh is overdue by more than {@code grace}, whatever the cause (AWS failing included). */
  public long overdueRefreshes(Duration grace) {
    IndexerResourceCache<ExternalDbSecret> cache = resources;
    Instant now = clock.instant();
    return cache == null ? 0 : cache.list().filter(r -> RefreshOverdue.isOverdue(r, now, grace)).count();
  }

  /**
   * Syncs, then writes the status only if it changed, with optimistic locking, caching the result so the next
   * reconcile never sees the status this one replaced.
   */
  @Override
  public UpdateControl<ExternalDbSecret> reconcile(ExternalDbSecret resource, Context<ExternalDbSecret> context) {
    String statusBefore = Serialization.asJson(resource.getStatus());
    ResourceID id = CachedCopies.idOf(resource);
    PendingEvents arrived = events.take(id);
    Optional<Duration> next;
    try {
      next = sync(resource, arrived);
    } finally {
      arrived.done();
    }
    ExternalDbSecretStatus status = resource.getStatus();
    if (!Serialization.asJson(status).equals(statusBefore)) {
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(resource, context, latest -> {
        latest.setStatus(status);
        return latest;
      });
    }
    deadlines.rescheduled(id, next);
    UpdateControl<ExternalDbSecret> control = UpdateControl.noUpdate();
    return next.map(control::rescheduleAfter).orElse(control);
  }

  /**
   * A reconcile threw, mostly because the API server is unreachable or refused the status write: nothing can be
   * written now, so the status stays as it is; JOSDK retries it ({@link ReconcileRetry} never gives up).
   */
  @Override
  public ErrorStatusUpdateControl<ExternalDbSecret> updateErrorStatus(ExternalDbSecret resource,
      Context<ExternalDbSecret> context, Exception e) {
    deadlines.retrying(CachedCopies.idOf(resource));
    metrics.reconcileError(fromKubernetesApi(e) ? "KubernetesApi" : "Other");
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** JOSDK hands the exception over wrapped (its metrics wrap it in an OperatorException). */
  private static boolean fromKubernetesApi(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Syncs the Secret, runs the rollout, and sets the resource's next status (built by {@link StatusBuilder} from
   * what they came to) on the resource, without writing it; Events and metrics are reported from the same outcomes.
   *
   * @return when to reconcile again, if the passage of time alone should make it happen
   */
  Optional<Duration> sync(ExternalDbSecret resource) {
    return sync(resource, PendingEvents.NONE);
  }

  /** @param arrived the secret events that arrived for this resource since its last reconcile began */
  Optional<Duration> sync(ExternalDbSecret resource, PendingEvents arrived) {
    Instant started = clock.instant();
    if (resource.getStatus() == null) {
      resource.setStatus(new ExternalDbSecretStatus());
    }
    ExternalDbSecretStatus previous = resource.getStatus();
    String target = DesiredSecret.targetName(resource);
    boolean presumeAbsent = managedSecrets != null && TargetClaim.mayPresumeAbsent(resource);
    Attempt attempt;
    try {
      attempt = attempt(resource, target, started, arrived, presumeAbsent);
    } catch (TargetAppeared appeared) {
      if (!presumeAbsent) {
        throw appeared.conflict();
      }
      attempt = attempt(resource, target, started, arrived, false);
    }
    if (attempt.trigger() != null) {
      metrics.reconciled(attempt.trigger().name());
    }
    RolloutOutcome rollout = RolloutOutcome.NONE;
    if (attempt.outcome() instanceof SyncOutcome.Synced synced) {
      if (attempt.trigger() == SyncTrigger.ROLLOUT) {
        siblings.syncedForRollout(ResourceID.fromResource(resource), synced.dataHash(), clock.instant());
      }
      rollout = rollouts.afterSync(resource, target, previous.getDataHash(), synced.dataHash(), siblings);
    } else if (attempt.outcome() instanceof SyncOutcome.InSync) {
      String inSync = previous.getDataHash();
      rollout = rollouts.afterSync(resource, target, inSync, inSync, siblings);
    }
    Instant now = clock.instant();
    ExternalDbSecretStatus next = StatusBuilder.next(previous, resource.getMetadata().getGeneration(),
        ForceSync.requested(resource), target, attempt.outcome(), rollout, now);
    resource.setStatus(next);
    report.report(resource, previous, target, attempt.trigger(), attempt.outcome(), rollout,
        Duration.between(started, now));
    if (arrived.firstReceived().isPresent() && attempt.outcome() instanceof SyncOutcome.Synced synced
        && synced.written()) {
      metrics.eventApplied(Duration.between(arrived.firstReceived().get(), now));
    }
    Optional<Duration> syncDue = attempt.outcome() instanceof SyncOutcome.Synced
        || attempt.outcome() instanceof SyncOutcome.InSync ? untilNextRefresh(next, now)
        : SyncOutcome.retryAfter(attempt.outcome(), next.failureCount());
    return earliest(syncDue, rollout.retryAfter());
  }

  /** A sync's outcome and the trigger it ran for (null when it stopped before deciding one). */
  private record Attempt(SyncTrigger trigger, SyncOutcome outcome) {
    static Attempt failed(ReadyReason reason, String message, boolean transientFailure) {
      return new Attempt(null, new SyncOutcome.Failed(reason, message, transientFailure));
    }
  }

  /**
   * Observes, validates, reads AWS and writes the Secret: everything but the status.
   *
   * @param presumeAbsent a target Secret missing from the managed-Secret cache is taken as absent instead of looked
   *     up; creating it throws {@link TargetAppeared} if it is there after all
   */
  private Attempt attempt(ExternalDbSecret resource, String target, Instant started, PendingEvents arrived,
                          boolean presumeAbsent) {
    List<String> problems = SpecValidation.problems(resource.getSpec());
    if (!problems.isEmpty()) {
      return Attempt.failed(ReadyReason.InvalidSpec, String.join("; ", problems), false);
    }
    String namespace = resource.getMetadata().getNamespace();
    Optional<String> denied = policy.deny(resource);
    if (denied.isPresent()) {
      return Attempt.failed(ReadyReason.PolicyDenied, denied.get(), false);
    }
    Secret existing = currentSecret(namespace, target, presumeAbsent);
    Optional<String> conflict = TargetClaim.conflict(resource, existing, name -> resourceExists(namespace, name));
    if (conflict.isPresent()) {
      return TargetConflictRecheck.alreadyReported(resource, conflict.get())
          ? new Attempt(null, new SyncOutcome.AlreadyReported(TargetConflictRecheck.next(Optional.empty()).get()))
          : Attempt.failed(ReadyReason.TargetConflict, conflict.get(), false);
    }
    String currentHash = existing == null ? null : hasher.hash(DesiredSecret.managedData(existing, resource));
    rescheduleIfIntervalShortened(resource);
    SyncTrigger trigger = SyncTrigger.decide(resource, currentHash, started);
    if ((trigger == SyncTrigger.NONE || trigger == SyncTrigger.REFRESH_DUE) && !arrived.isEmpty()
        && !arrived.alreadyHeld(resource.getStatus().getSyncedVersionId())) {
      trigger = arrived.trigger();
    }
    if (trigger == SyncTrigger.NONE) {
      return new Attempt(trigger, new SyncOutcome.InSync());
    }
    return new Attempt(trigger, read(resource, existing, target, trigger, arrived));
  }

  /** A due time computed under a longer default interval than today's is brought forward (no AWS read for it). */
  private void rescheduleIfIntervalShortened(ExternalDbSecret resource) {
    ExternalDbSecretStatus status = resource.getStatus();
    if (status.getLastSyncTime() == null || status.getNextRefreshTime() == null) {
      return;
    }
    RefreshSchedule.shortened(Instant.parse(status.getLastSyncTime()), Instant.parse(status.getNextRefreshTime()),
            refreshInterval(resource), () -> AwsRequests.of(resource, settings.defaultRegion()).fetchKey().toString())
        .ifPresent(due -> status.setNextRefreshTime(due.toString()));
  }

  private SyncOutcome read(ExternalDbSecret resource, Secret existing, String target, SyncTrigger trigger,
                           PendingEvents arrived) {
    Duration interval = refreshInterval(resource);
    SecretRequest request = AwsRequests.of(resource, settings.defaultRegion());
    Duration maxAge = trigger.maxAge(interval, settings.coalesceWindow());
    SecretValue value;
    try {
      value = secrets.fetch(request, arrived.isEmpty() ? maxAge : arrived.maxAge(maxAge, clock.instant()));
    } catch (FetchFailure failure) {
      if (DeletionDecision.mayMeanDeleted(failure.reason())) {
        DeletionDecision deleted = deletions.handle(resource, request, existing, failure, interval, clock.instant());
        return new SyncOutcome.Failed(deleted.reason(), deleted.message(), false, deleted);
      }
      return new SyncOutcome.Failed(failure.reason().readyReason(), failure.getMessage(),
          failure.reason().isTransient());
    }
    SecretData data;
    try {
      data = SecretRenderer.render(value, resource.getSpec().getData(), resource.getSpec().getTemplate());
    } catch (RenderFailure failure) {
      return new SyncOutcome.Failed(failure.readyReason(), failure.getMessage(), false);
    }
    boolean written;
    try {
      written = write(resource, existing, data);
    } catch (SecretRejected rejected) {
      return new SyncOutcome.Failed(ReadyReason.SecretRejected, rejected.getMessage(), false);
    }
    if (managedSecrets != null) {
      formerTargets.release(resource, target, managedSecrets, () -> resources);
    }
    Instant now = clock.instant();
    Instant anchor = trigger == SyncTrigger.REFRESH_DUE ? Instant.parse(resource.getStatus().getNextRefreshTime())
        : now;
    Instant nextRefresh = RefreshSchedule.nextRefresh(anchor, now, interval, request.fetchKey().toString())
        .orElse(null);
    return new SyncOutcome.Synced(value.versionId(), value.versionStages(), hasher.hash(data), written,
        written && existing == null, data.keys(), nextRefresh, trigger);
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() ? b : a;
    }
    return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
  }

  /**
   * From the managed-Secret cache. A Secret it does not hold (one nobody manages, or one written so recently that its
   * event has not arrived) is read from the API server, unless {@code presumeAbsent}.
   */
  private Secret currentSecret(String namespace, String name, boolean presumeAbsent) {
    Optional<Secret> cached = managedSecrets == null ? Optional.empty()
        : managedSecrets.get(new ResourceID(name, namespace));
    if (cached.isPresent() || presumeAbsent) {
      return cached.orElse(null);
    }
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  private boolean resourceExists(String namespace, String name) {
    IndexerResourceCache<ExternalDbSecret> cache = resources;
    return cache != null ? cache.get(new ResourceID(name, namespace)).isPresent()
        : client.resources(ExternalDbSecret.class).inNamespace(namespace).withName(name).get() != null;
  }

  /** @return whether the Secret was written (else it already held this data) */
  private boolean write(ExternalDbSecret resource, Secret existing, SecretData data) throws SecretRejected {
    boolean replacing = DesiredSecret.needsReplacement(resource, existing);
    Optional<Secret> desired = DesiredSecret.toWrite(resource, data, replacing ? null : existing);
    if (desired.isPresent()) {
      ownWrites.expect(desired.get());
      try {
        writer.write(desired.get(), replacing);
      } catch (SecretRejected | RuntimeException e) {
        ownWrites.cancel(desired.get());
        if (existing == null && e instanceof KubernetesClientException conflict
            && conflict.getCode() == HttpURLConnection.HTTP_CONFLICT) {
          throw new TargetAppeared(conflict);
        }
        throw e;
      }
    }
    return desired.isPresent();
  }

  private static Optional<Duration> untilNextRefresh(ExternalDbSecretStatus status, Instant now) {
    String next = status.getNextRefreshTime();
    if (next == null) {
      return Optional.empty();
    }
    Duration wait = Duration.between(now, Instant.parse(next));
    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
  }

  private Duration refreshInterval(ExternalDbSecret resource) {
    return settings.refreshIntervals().effective(resource.getSpec().getRefreshInterval());
  }
}
