package io.dbsecrets.operator.rollout;

import java.util.Map;
import java.util.TreeMap;

/**
 * The pod template annotations of a restart. The marker names, for each ExternalDbSecret that caused a restart of
 * the workload, the data it was restarted for ({@code name:hash16,...}, the first 16 hex digits of the keyed data
 * hash). It makes restarts idempotent: a workload whose marker already names this data is not restarted again,
 * whichever operator instance asks, and a coalesced restart names every resource it served.
 */
public final class RestartMarker {
  public static final String MARKER_ANNOTATION = "dbsecrets.io/restart-marker";
  public static final String RESTARTED_AT_ANNOTATION = "dbsecrets.io/restartedAt";
  static final int HASH_CHARS = 16;

  private RestartMarker() {}

  public static String shortHash(String dataHash) {
    return dataHash.length() <= HASH_CHARS ? dataHash : dataHash.substring(0, HASH_CHARS);
  }

  /** @return resource name → short data hash, sorted by name; empty for a missing or foreign value */
  public static Map<String, String> parse(String marker) {
    Map<String, String> entries = new TreeMap<>();
    if (marker == null || marker.isBlank()) {
      return entries;
    }
    for (String entry : marker.split(",")) {
      int colon = entry.indexOf(':');
      if (colon > 0 && colon < entry.length() - 1) {
        entries.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
      }
    }
    return entries;
  }

  public static String format(Map<String, String> entries) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(entries).forEach((name, hash) -> {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(name).append(':').append(hash);
    });
    return out.toString();
  }

  /** Whether the pod template was already restarted for this resource's data. */
  public static boolean carries(Map<String, String> templateAnnotations, String resourceName, String shortHash) {
    String marker = templateAnnotations == null ? null : templateAnnotations.get(MARKER_ANNOTATION);
    return shortHash.equals(parse(marker).get(resourceName));
  }

  /** The marker after a restart for these resources: their entries replaced, the other resources' kept. */
  public static String merge(Map<String, String> templateAnnotations, Map<String, String> restartedFor) {
    Map<String, String> entries = parse(templateAnnotations == null ? null
        : templateAnnotations.get(MARKER_ANNOTATION));
    entries.putAll(restartedFor);
    return format(entries);
  }
}
