package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.rollout.SiblingSyncs;
import io.dbsecrets.operator.rollout.Workload;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Before a due restart, asks the other resources feeding the workloads to sync at once, through the same path as a
 * Secrets Manager event ({@link SecretEventTriggers}): each reads AWS afresh, in one batched read with the others,
 * and a changed one joins the workload's restart window. The restart waits until they have all reported (the
 * resource is then reconciled at once), or {@link #TIMEOUT} at most. In memory only: after an operator restart a
 * rollout still due asks again, which costs one more read and no extra restart.
 */
final class RolloutSiblings implements SiblingSyncs {
  /** Longest a restart waits for its siblings: a batch window, an AWS read and a Secret write, with room to spare. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** A hold kept this long is forgotten (the resource was deleted, or restarted long ago). */
  static final Duration FORGET_AFTER = Duration.ofMinutes(10);

  private final Function<String, List<ExternalDbSecret>> inNamespace;
  private final SyncRequests triggers;
  private final Map<ResourceID, SiblingHold> holds = new ConcurrentHashMap<>();

  /** @param inNamespace the ExternalDbSecrets of a namespace, from the operator's cache (empty before it is ready) */
  RolloutSiblings(Function<String, List<ExternalDbSecret>> inNamespace, SyncRequests triggers) {
    this.inNamespace = inNamespace;
    this.triggers = triggers;
  }

  @Override
  public Optional<Instant> holdUntil(ExternalDbSecret resource, String dataHash, Collection<Workload> workloads,
                                     Instant now) {
    holds.values().removeIf(h -> now.isAfter(h.since().plus(FORGET_AFTER)));
    ResourceID self = ResourceID.fromResource(resource);
    SiblingHold hold = holds.get(self);
    switch (SiblingHold.next(hold, dataHash, now, TIMEOUT)) {
      case PROCEED:
        return Optional.empty();
      case WAIT:
        return Optional.of(hold.deadline(TIMEOUT));
      default:
        break;
    }
    Set<ResourceID> siblings = SiblingResources.feeding(resource, workloads,
            inNamespace.apply(resource.getMetadata().getNamespace())).stream()
        .filter(id -> !SiblingHold.justRead(holds.get(id), now))
        .collect(Collectors.toSet());
    if (siblings.isEmpty()) {
      holds.put(self, SiblingHold.settled(dataHash, now));
      return Optional.empty();
    }
    SiblingHold asked = SiblingHold.asked(dataHash, now);
    holds.put(self, asked);
    triggers.requestSync(siblings, now).whenComplete((done, failure) -> {
      if (holds.replace(self, asked, asked.reportedNow())) {
        triggers.wake(self);
      }
    });
    return holds.get(self).reported() ? Optional.empty() : Optional.of(asked.deadline(TIMEOUT));
  }

  /**
   * The resource read AWS because another's restart asked it to: its own restart, if one is due, goes ahead without
   * asking the others in turn (they have just read, or are about to).
   */
  void syncedForRollout(ResourceID id, String dataHash, Instant now) {
    holds.put(id, SiblingHold.settled(dataHash, now));
  }
}
