package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.aws.AwsIdentity;
import io.dbsecrets.operator.aws.SecretRequest;

/** Builds the AWS read for a resource: its region (spec, ARN, or default) and identity. Pure. */
public final class AwsRequests {
  /** STS allows 64 characters of [\w+=,.@-] in a role session name. */
  static final int MAX_SESSION_NAME = 64;

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

  /** "namespace.name", shortened to STS's limit; '/' is not allowed in session names. */
  static String sessionName(String namespace, String name) {
    String session = (namespace + "." + name).replaceAll("[^\\w+=,.@-]", "-");
    return session.length() <= MAX_SESSION_NAME ? session : session.substring(0, MAX_SESSION_NAME);
  }
}
