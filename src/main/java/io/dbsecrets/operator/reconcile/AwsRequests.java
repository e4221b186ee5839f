package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.aws.AwsIdentity;
import io.dbsecrets.operator.aws.SecretRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Builds the AWS read for a resource: its region (spec, ARN, or default) and identity. Pure. */
public final class AwsRequests {
  /** STS allows 64 characters of [\w+=,.@-] in a role session name. */
  static final int MAX_SESSION_NAME = 64;
  private static final int HASH_CHARS = 8;

  private AwsRequests() {}

  public static SecretRequest of(ExternalDbSecret resource, String defaultRegion) {
    ExternalDbSecretSpec spec = resource.getSpec();
    String namespace = resource.getMetadata().getNamespace();
    AwsIdentity identity = spec.getRoleArn() == null ? AwsIdentity.operator()
        : AwsIdentity.assumedRole(spec.getRoleArn(), spec.getExternalId(),
            sessionName(namespace, resource.getMetadata().getName()), namespace);
    return new SecretRequest(spec.getSecretId(), region(spec, defaultRegion), spec.getVersionId(),
        spec.getVersionStage(), identity);
  }

  static String region(ExternalDbSecretSpec spec, String defaultRegion) {
    if (spec.getRegion() != null && !spec.getRegion().isBlank()) {
      return spec.getRegion();
    }
    String id = spec.getSecretId();
    if (id.startsWith("arn:")) {
      String[] parts = id.split(":");
      if (parts.length > 3 && !parts[3].isEmpty()) {
        return parts[3];
      }
    }
    return defaultRegion;
  }

  /**
   * "namespace.name", so CloudTrail shows which resource read what; '/' and other characters STS rejects become
   * '-'. A name too long for STS keeps its first characters and ends in a hash of the whole, so two long names
   * never share a session (or its cached credentials).
   */
  static String sessionName(String namespace, String name) {
    String session = (namespace + "." + name).replaceAll("[^\\w+=,.@-]", "-");
    if (session.length() <= MAX_SESSION_NAME) {
      return session;
    }
    return session.substring(0, MAX_SESSION_NAME - HASH_CHARS - 1) + "-" + hash(namespace + "/" + name);
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
