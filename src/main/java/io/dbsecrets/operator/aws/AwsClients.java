package io.dbsecrets.operator.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds and keeps one Secrets Manager client per region and identity. Credential providers cache and refresh
 * their credentials, so no reconcile pays for an STS call unless the credentials are about to expire.
 */
public class AwsClients implements AutoCloseable {
  private final AwsSettings settings;
  private final ClientOverrideConfiguration overrides;
  private final AwsCredentialsProvider operatorCredentials;
  private final Map<String, SecretsManagerClient> secretsManager = new ConcurrentHashMap<>();
  private final Map<String, StsClient> sts = new ConcurrentHashMap<>();
  private final Map<String, AwsCredentialsProvider> assumedRoles = new ConcurrentHashMap<>();

  public AwsClients(AwsSettings settings, AwsCallListener listener) {
    this(settings, listener, DefaultCredentialsProvider.builder().build());
  }

  public AwsClients(AwsSettings settings, AwsCallListener listener, AwsCredentialsProvider operatorCredentials) {
    this.settings = settings;
    this.operatorCredentials = operatorCredentials;
    this.overrides = ClientOverrideConfiguration.builder()
        .addExecutionInterceptor(new AwsCallInterceptor(listener))
        .apiCallTimeout(settings.callTimeout())
        .retryStrategy(RetryMode.STANDARD)
        .build();
  }

  public SecretsManagerClient secretsManager(String region, AwsIdentity identity) {
    return secretsManager.computeIfAbsent(region + "|" + identity.cacheKey(), k -> {
      var builder = SecretsManagerClient.builder()
          .region(Region.of(region))
          .credentialsProvider(credentials(region, identity))
          .overrideConfiguration(overrides);
      if (settings.endpointOverride() != null) {
        builder.endpointOverride(settings.endpointOverride());
      }
      return builder.build();
    });
  }

  StsClient sts(String region) {
    return sts.computeIfAbsent(region, r -> {
      var builder = StsClient.builder()
          .region(Region.of(r))
          .credentialsProvider(operatorCredentials)
          .overrideConfiguration(overrides);
      if (settings.endpointOverride() != null) {
        builder.endpointOverride(settings.endpointOverride());
      }
      return builder.build();
    });
  }

  AwsCredentialsProvider credentials(String region, AwsIdentity identity) {
    if (identity.isOperator()) {
      return operatorCredentials;
    }
    return assumedRoles.computeIfAbsent(identity.cacheKey(),
        k -> AssumedRoleCredentials.provider(sts(region), identity));
  }

  @Override
  public void close() {
    secretsManager.values().forEach(SecretsManagerClient::close);
    sts.values().forEach(StsClient::close);
  }
}
