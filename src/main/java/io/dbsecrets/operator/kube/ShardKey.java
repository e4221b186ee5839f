package io.dbsecrets.operator.kube;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bucket of an ExternalDbSecret, 0 to 255, from a SHA-256 of "namespace/name": the same on every JVM and in
 * every release, so the label written once never changes, and resharding (a new shard count) only changes which
 * buckets a replica selects, never a label. SHA-256 rather than String.hashCode: hashCode is specified too, but its
 * low bits spread poorly over similar names ("db-1", "db-2"), and a documented digest is what a user can recompute
 * (the README shows how).
 */
public final class ShardKey {
  /** The label the operator sets on each ExternalDbSecret when it runs with more than one shard. */
  public static final String LABEL = "dbsecrets.io/shard-key";
  public static final int BUCKETS = 256;

  private ShardKey() {}

  /** The first byte of SHA-256("namespace/name"), unsigned. */
  public static int bucket(String namespace, String name) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((namespace + "/" + name).getBytes(StandardCharsets.UTF_8));
      return Byte.toUnsignedInt(digest[0]);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The bucket a label value names, or -1 when it names none (absent, not a number, out of range). */
  public static int parse(String labelValue) {
    if (labelValue == null || !labelValue.matches("[0-9]{1,3}")) {
      return -1;
    }
    int bucket = Integer.parseInt(labelValue);
    return bucket < BUCKETS ? bucket : -1;
  }
}
