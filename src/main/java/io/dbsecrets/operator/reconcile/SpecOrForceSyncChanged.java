package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Reconcile an updated ExternalDbSecret only when its spec changed or someone set the force-sync annotation to a
 * new value; the operator's own status writes are not a reason to run again.
 */
public class SpecOrForceSyncChanged implements OnUpdateFilter<ExternalDbSecret> {
  @Override
  public boolean accept(ExternalDbSecret updated, ExternalDbSecret old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(ForceSync.requested(updated), ForceSync.requested(old))
        || updated.isMarkedForDeletion();
  }

}
