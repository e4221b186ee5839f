package io.dbsecrets.operator.aws;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;

/**
 * The operator's own AWS identity, chosen from an explicit environment in the order of the SDK's default chain:
 * access keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), then IRSA's web identity
 * (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE), then the rest of the SDK's default chain (EKS Pod Identity via
 * AWS_CONTAINER_CREDENTIALS_FULL_URI, profiles, the instance role), which reads the process environment itself.
 *
 * <p>For web identity the STS client is ours: it carries the endpoint override and the call-counting interceptor.
 * The SDK re-reads the token file on every refresh (the kubelet rotates it) and caches the credentials until
 * shortly before they expire, so no reconcile pays for an STS call.
 */
final class OperatorCredentials implements AutoCloseable {
  static final String DEFAULT_SESSION_NAME = "externaldbsecret-operator";

  private final AwsCredentialsProvider provider;
  private final String description;
  private final AutoCloseable resources;

  private OperatorCredentials(AwsCredentialsProvider provider, String description, AutoCloseable resources) {
    this.provider = provider;
    this.description = description;
    this.resources = resources;
  }

  /**
   * @param env the operator's environment: System.getenv() in production
   * @param unsignedSts builds the STS client for AssumeRoleWithWebIdentity, which needs no credentials; called
   *     only when web identity is configured
   */
  static OperatorCredentials from(Map<String, String> env, Supplier<StsClient> unsignedSts) {
    String keyId = value(env, "AWS_ACCESS_KEY_ID");
    String secretKey = value(env, "AWS_SECRET_ACCESS_KEY");
    if (keyId != null && secretKey != null) {
      String token = value(env, "AWS_SESSION_TOKEN");
      AwsCredentials keys = token == null ? AwsBasicCredentials.create(keyId, secretKey)
          : AwsSessionCredentials.create(keyId, secretKey, token);
      return new OperatorCredentials(StaticCredentialsProvider.create(keys), "access keys from the environment",
          () -> {});
    }
    String roleArn = value(env, "AWS_ROLE_ARN");
    String tokenFile = value(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
    if (roleArn != null && tokenFile != null) {
      StsClient sts = unsignedSts.get();
      String sessionName = value(env, "AWS_ROLE_SESSION_NAME");
      StsWebIdentityTokenFileCredentialsProvider webIdentity = StsWebIdentityTokenFileCredentialsProvider.builder()
          .stsClient(sts)
          .roleArn(roleArn)
          .webIdentityTokenFile(Path.of(tokenFile))
          .roleSessionName(sessionName == null ? DEFAULT_SESSION_NAME : sessionName)
          .build();
      return new OperatorCredentials(webIdentity, "web identity (IRSA) as " + roleArn, () -> {
        webIdentity.close();
        sts.close();
      });
    }
    DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
    return new OperatorCredentials(chain, "the SDK default chain (EKS Pod Identity, profile or instance role)",
        chain::close);
  }

  AwsCredentialsProvider provider() {
    return provider;
  }

  /** Which source was chosen, for the startup log; never a credential. */
  String description() {
    return description;
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing AWS credentials failed", e);
    }
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
