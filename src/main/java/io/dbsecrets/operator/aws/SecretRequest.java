package io.dbsecrets.operator.aws;

import java.util.Objects;

/**
 * What to read from Secrets Manager, and as whom. Two requests with the same {@link #fetchKey()} read the same
 * bytes, so they may share one AWS call.
 *
 * @param secretId name or ARN
 * @param region region to call
 * @param versionId pinned version, or null
 * @param versionStage stage to read when versionId is null (AWSCURRENT when both are null)
 * @param identity the AWS identity to read with
 */
public record SecretRequest(String secretId, String region, String versionId, String versionStage, AwsIdentity identity) {
  public static final String AWSCURRENT = "AWSCURRENT";

  public SecretRequest {
    Objects.requireNonNull(secretId, "secretId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(identity, "identity");
    if (versionId == null && (versionStage == null || versionStage.isBlank())) {
      versionStage = AWSCURRENT;
    }
  }

  /** Requests with equal keys are answered by the same AWS response. */
  public FetchKey fetchKey() {
    return new FetchKey(region, identity.cacheKey(), secretId, versionId, versionId == null ? versionStage : null);
  }

  /** The latest version is the only one BatchGetSecretValue returns. */
  public boolean readsCurrentVersion() {
    return versionId == null && AWSCURRENT.equals(versionStage);
  }

  public record FetchKey(String region, String identity, String secretId, String versionId, String versionStage) {}
}
