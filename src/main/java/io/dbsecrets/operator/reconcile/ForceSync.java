package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import java.util.Map;

/** The one read of the force-sync annotation: its value, compared with status.forceSyncHandled, asks for a read. */
public final class ForceSync {
  private ForceSync() {}

  /** @return the annotation's value, or null when the resource has none */
  public static String requested(ExternalDbSecret resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ExternalDbSecret.FORCE_SYNC_ANNOTATION);
  }
}
