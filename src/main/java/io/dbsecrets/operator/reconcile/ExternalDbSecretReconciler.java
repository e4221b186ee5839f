package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.aws.FetchFailure;
import io.dbsecrets.operator.aws.SecretDescriber;
import io.dbsecrets.operator.aws.SecretSource;
import io.dbsecrets.operator.aws.SecretValue;
import io.dbsecrets.operator.metrics.SyncMetrics;
import io.dbsecrets.operator.policy.NamespacePolicy;
import io.dbsecrets.operator.render.DataHasher;
import io.dbsecrets.operator.render.RenderFailure;
import io.dbsecrets.operator.render.SecretData;
import io.dbsecrets.operator.render.SecretRenderer;
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
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final EventRecorder events;
  private final DataHasher hasher;
  private final NamespacePolicy policy;
  private final RolloutTrigger rollouts;
  private final SyncMetrics metrics;
  private final SyncSettings settings;
  private final Clock clock;
  private final SecretDeletions deletions;
  private final FormerTargets formerTargets;
  private final ReconcileDeadlines deadlines;
  private InformerEventSource<Secret, ExternalDbSecret> managedSecrets;
  private volatile IndexerResourceCache<ExternalDbSecret> resources;

  public ExternalDbSecretReconciler(KubernetesClient client, SecretSource secrets, SecretDescriber describer,
                                    DataHasher hasher, NamespacePolicy policy, RolloutTrigger rollouts,
                                    SyncMetrics metrics, SyncSettings settings, Clock clock,
                                    ReconcileDeadlines deadlines) {
    this.client = client;
    this.secrets = secrets;
    this.writer = new SecretWriter(client);
    this.events = new EventRecorder(client, clock);
    this.hasher = hasher;
    this.policy = policy;
    this.rollouts = rollouts;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.deletions = new SecretDeletions(describer, writer, events, settings.defaultRegion());
    this.formerTargets = new FormerTargets(writer, events);
    this.deadlines = deadlines;
  }

  @Override
  public List<EventSource<?, ExternalDbSecret>> prepareEventSources(EventSourceContext<ExternalDbSecret> context) {
    resources = context.getPrimaryCache();
    resources.addIndexer(TargetIndex.NAME, TargetIndex::keys);
    managedSecrets = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, ExternalDbSecret.class)
            .withLabelSelector(ManagedSecrets.SELECTOR)
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(secret -> TargetIndex.resourcesFor(secret, resources))
            .build(), context);
    List<EventSource<?, ExternalDbSecret>> sources = new ArrayList<>();
    sources.add(managedSecrets);
    sources.addAll(policy.eventSources(context));
    return sources;
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
    if (resource.getStatus() == null) {
      resource.setStatus(new ExternalDbSecretStatus());
    }
    Optional<Duration> next = sync(resource);
    ExternalDbSecretStatus status = resource.getStatus();
    if (!Serialization.asJson(status).equals(statusBefore)) {
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(resource, context, latest -> {
        latest.setStatus(status);
        return latest;
      });
    }
    deadlines.rescheduled(ResourceID.fromResource(resource), next);
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
    deadlines.retrying(ResourceID.fromResource(resource));
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

  /** @return when to reconcile again, if the passage of time alone should make it happen */
  private Optional<Duration> sync(ExternalDbSecret resource) {
    Instant started = clock.instant();
    String target = DesiredSecret.targetName(resource);
    resource.getStatus().setTargetSecret(target);

    List<String> problems = SpecValidation.problems(resource.getSpec());
    if (!problems.isEmpty()) {
      return fail(resource, "InvalidSpec", String.join("; ", problems), false, started);
    }
    Optional<String> denied = policy.deny(resource.getMetadata().getNamespace(), resource.getSpec().getSecretId(),
        resource.getSpec().getRoleArn());
    if (denied.isPresent()) {
      return fail(resource, "PolicyDenied", denied.get(), false, started);
    }
    Secret existing = currentSecret(resource.getMetadata().getNamespace(), target);
    Optional<String> conflict = TargetClaim.conflict(resource, existing,
        name -> resources.get(new ResourceID(name, resource.getMetadata().getNamespace())).isPresent());
    if (conflict.isPresent()) {
      return TargetConflictRecheck.next(TargetConflictRecheck.alreadyReported(resource, conflict.get())
          ? Optional.empty() : fail(resource, TargetConflictRecheck.REASON, conflict.get(), false, started));
    }
    String currentHash = existing == null ? null : hasher.hash(DesiredSecret.managedData(existing, resource));
    SyncTrigger trigger = SyncTrigger.decide(resource, currentHash, started);
    metrics.reconciled(trigger.name());
    if (trigger == SyncTrigger.NONE) {
      String inSync = resource.getStatus().getDataHash();
      return earliest(untilNextRefresh(resource, started), rollouts.afterSync(resource, target, inSync, inSync));
    }

    Duration interval = refreshInterval(resource);
    SecretValue value;
    try {
      value = secrets.fetch(AwsRequests.of(resource, settings.defaultRegion()),
          trigger.maxAge(interval, settings.coalesceWindow()));
    } catch (FetchFailure failure) {
      if (DeletionDecision.mayMeanDeleted(failure.reason())) {
        DeletionDecision deleted = deletions.handle(resource, existing, failure, interval, clock.instant());
        return fail(resource, deleted.reason(), deleted.message(), false, started).map(backoff -> deleted.retryAfter());
      }
      return fail(resource, failure.reason().name(), failure.getMessage(), failure.reason().isTransient(), started);
    }
    SecretData data;
    try {
      data = SecretRenderer.render(value, resource.getSpec().getData(), resource.getSpec().getTemplate());
    } catch (RenderFailure failure) {
      return fail(resource, failure.reason(), failure.getMessage(), false, started);
    }
    boolean written;
    try {
      written = write(resource, existing, data);
    } catch (SecretRejected rejected) {
      return fail(resource, SecretRejected.REASON, rejected.getMessage(), false, started);
    }
    formerTargets.release(resource, target, managedSecrets, () -> resources);
    String dataHash = hasher.hash(data);
    String previousHash = resource.getStatus().getDataHash();
    Instant anchor = trigger == SyncTrigger.REFRESH_DUE ? Instant.parse(resource.getStatus().getNextRefreshTime())
        : clock.instant();
    recordSuccess(resource, value, dataHash, interval, written, anchor);
    Optional<Duration> rolloutDue = rollouts.afterSync(resource, target, previousHash, dataHash);
    metrics.synced(trigger.name(), written, Duration.between(started, clock.instant()));
    log.debug("synced {}/{} ({}): version {}, secret {}", resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(), trigger, value.versionId(), written ? "written" : "unchanged");
    return earliest(untilNextRefresh(resource, clock.instant()), rolloutDue);
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() ? b : a;
    }
    return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
  }

  private Secret currentSecret(String namespace, String name) {
    Optional<Secret> cached = managedSecrets.get(new ResourceID(name, namespace));
    return cached.orElseGet(() -> client.secrets().inNamespace(namespace).withName(name).get());
  }

  private boolean write(ExternalDbSecret resource, Secret existing, SecretData data) throws SecretRejected {
    boolean replacing = DesiredSecret.needsReplacement(resource, existing);
    Optional<Secret> desired = DesiredSecret.toWrite(resource, data, replacing ? null : existing);
    if (desired.isPresent()) {
      writer.write(desired.get(), replacing);
      String change = existing == null ? "created" : "updated";
      events.normal(resource, "Synced", "Secret '" + desired.get().getMetadata().getName() + "' " + change
          + " with keys " + data.keys());
    }
    return desired.isPresent();
  }

  /** @param anchor the due time of a periodic read, else now: where the next refresh is counted from */
  private void recordSuccess(ExternalDbSecret resource, SecretValue value, String dataHash, Duration interval,
                             boolean written, Instant anchor) {
    ExternalDbSecretStatus status = resource.getStatus();
    Instant now = clock.instant();
    status.setObservedGeneration(resource.getMetadata().getGeneration());
    status.setSyncedGeneration(resource.getMetadata().getGeneration());
    status.setSecretGoneSince(null);
    status.setSyncedVersionId(value.versionId());
    status.setSyncedVersionStages(value.versionStages());
    status.setLastSyncTime(now.toString());
    String secret = AwsRequests.of(resource, settings.defaultRegion()).fetchKey().toString();
    status.setNextRefreshTime(RefreshSchedule.nextRefresh(anchor, now, interval, secret)
        .map(Instant::toString).orElse(null));
    status.setDataHash(dataHash);
    status.setForceSyncHandled(forceSyncValue(resource));
    status.setConsecutiveFailures(null);
    status.setConditions(Conditions.set(status.getConditions(), Conditions.READY, true, "Synced",
        "Secret '" + status.getTargetSecret() + "' holds version " + value.versionId()
            + (written ? "" : " (unchanged)"), resource.getMetadata().getGeneration(), now));
  }

  private Optional<Duration> fail(ExternalDbSecret resource, String reason, String message,
                                  boolean transientFailure, Instant started) {
    ExternalDbSecretStatus status = resource.getStatus();
    Instant now = clock.instant();
    int failures = status.failureCount() + 1;
    status.setConsecutiveFailures(failures);
    status.setObservedGeneration(resource.getMetadata().getGeneration());
    status.setForceSyncHandled(forceSyncValue(resource));
    status.setConditions(Conditions.set(status.getConditions(), Conditions.READY, false, reason, message,
        resource.getMetadata().getGeneration(), now));
    events.warning(resource, reason, message);
    metrics.failed(reason, Duration.between(started, now));
    log.warn("sync of {}/{} failed: {}: {}", resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
        reason, message);
    return Optional.of(Backoff.after(failures, transientFailure));
  }

  private static Optional<Duration> untilNextRefresh(ExternalDbSecret resource, Instant now) {
    String next = resource.getStatus().getNextRefreshTime();
    if (next == null) {
      return Optional.empty();
    }
    Duration wait = Duration.between(now, Instant.parse(next));
    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
  }

  private Duration refreshInterval(ExternalDbSecret resource) {
    String interval = resource.getSpec().getRefreshInterval();
    return interval == null ? settings.defaultRefreshInterval() : Durations.parse(interval);
  }

  private static String forceSyncValue(ExternalDbSecret resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ExternalDbSecret.FORCE_SYNC_ANNOTATION);
  }
}
