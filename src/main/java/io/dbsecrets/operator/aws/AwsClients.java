package io.dbsecrets.operator.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.LongSupplier;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.IdpCommunicationErrorException;

/**
 * Builds and keeps one Secrets Manager client per region and identity. Credential providers cache and refresh
 * their credentials, so no reconcile pays for an STS call unless the credentials are about to expire. All clients
 * share one HTTP connection pool: with a role per resource there is a client per resource. Clients of assumed roles
 * unused for {@link #IDLE_EVICTION} are dropped, so deleted resources leave nothing behind; a role session lasts an
 * hour by default, so a client idle that long would have had to call STS again anyway. While AWS throttles a region
 * and identity, its requests are held back together ({@link ThrottleInterceptor}). They also share one timer thread
 * for their call timeouts: the SDK otherwise starts a pool of 5 per client, so threads grew with the roles in use.
 */
public class AwsClients implements AutoCloseable {
  static final Duration IDLE_EVICTION = Duration.ofHours(2);
  private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
  private final ClientOverrideConfiguration overrides;
  private final AwsCallInterceptor callInterceptor;
  private final SdkHttpClient http = ApacheHttpClient.builder().build();
  private final ScheduledThreadPoolExecutor timeouts = timeoutTimer();
  private final AwsEndpoints endpoints;
  private final OperatorCredentials operatorCredentials;
  private final Map<String, SecretsManagerClient> secretsManager = new ConcurrentHashMap<>();
  private final Map<String, StsClient> sts = new ConcurrentHashMap<>();
  private final Map<String, AwsCredentialsProvider> assumedRoles = new ConcurrentHashMap<>();
  private final Map<String, Long> lastUsedNanos = new ConcurrentHashMap<>();
  private final Map<String, ThrottlePause> throttlePauses = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private volatile long lastSweepNanos;

  /**
   * @param env the operator's environment (System.getenv() in production): its identity and endpoint overrides
   */
  public AwsClients(AwsSettings settings, AwsCallListener listener, Map<String, String> env) {
    this(settings, listener, env, System::nanoTime);
  }

  AwsClients(AwsSettings settings, AwsCallListener listener, Map<String, String> env, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.lastSweepNanos = nanoTime.getAsLong();
    this.callInterceptor = new AwsCallInterceptor(listener);
    this.overrides = ClientOverrideConfiguration.builder()
        .addExecutionInterceptor(callInterceptor)
        .apiCallTimeout(settings.callTimeout())
        .retryStrategy(RetryMode.STANDARD)
        .scheduledExecutorService(timeouts)
        .build();
    this.endpoints = new AwsEndpoints(env, settings.endpointOverride());
    // The web identity exchange is unsigned, and an IdP hiccup there is worth retrying (the SDK's own advice).
    this.operatorCredentials = OperatorCredentials.from(env,
        () -> stsClient(settings.defaultRegion(), AnonymousCredentialsProvider.create(), overrides.toBuilder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .retryOnExceptionInstanceOf(IdpCommunicationErrorException.class).build())
            .build()));
  }

  /** Where the operator's own credentials come from, for the startup log. */
  public String identitySource() {
    return operatorCredentials.description();
  }

  public SecretsManagerClient secretsManager(String region, AwsIdentity identity) {
    String key = region + "|" + identity.cacheKey();
    if (!identity.isOperator()) {
      lastUsedNanos.put(key, nanoTime.getAsLong());
      evictIdle();
    }
    return secretsManager.computeIfAbsent(key, k -> configure(SecretsManagerClient.builder(),
        AwsEndpoints.SECRETS_MANAGER, region, credentials(region, identity), overrides.toBuilder()
            // held-back requests never reach the wire, so the pause decides before the request is counted
            .executionInterceptors(List.of(new ThrottleInterceptor(throttlePause(key), region, nanoTime),
                callInterceptor)).build()).build());
  }

  /** One pause per region and identity: AWS throttles an account's requests in a region, whichever the client. */
  ThrottlePause throttlePause(String clientKey) {
    return throttlePauses.computeIfAbsent(clientKey, k -> new ThrottlePause());
  }

  /** Drops the clients and cached sessions of assumed roles nobody used for {@link #IDLE_EVICTION}. */
  private void evictIdle() {
    long now = nanoTime.getAsLong();
    if (now - lastSweepNanos < SWEEP_EVERY.toNanos()) {
      return;
    }
    lastSweepNanos = now;
    lastUsedNanos.forEach((key, used) -> {
      if (now - used > IDLE_EVICTION.toNanos() && lastUsedNanos.remove(key, used)) {
        SecretsManagerClient client = secretsManager.remove(key);
        throttlePauses.remove(key);
        if (client != null) {
          client.close();
        }
        closeQuietly(assumedRoles.remove(key.substring(key.indexOf('|') + 1)));
      }
    });
  }

  /**
   * An SQS client of the operator's own identity, for the event queue: its call timeout leaves room for a long
   * poll of {@code longPoll}. It has an HTTP pool of its own, which closing the client closes: that ends a long
   * poll under way at once, instead of holding up the operator's shutdown for up to 20 s.
   */
  public SqsClient sqs(String region, Duration longPoll) {
    ClientOverrideConfiguration.Builder configuration = overrides.toBuilder();
    if (overrides.apiCallTimeout().map(t -> t.compareTo(longPoll.plusSeconds(10)) < 0).orElse(false)) {
      configuration.apiCallTimeout(longPoll.plusSeconds(10));
    }
    return configure(SqsClient.builder(), AwsEndpoints.SQS, region, operatorCredentials.provider(),
        configuration.build()).httpClient(null).httpClientBuilder(ApacheHttpClient.builder()).build();
  }

  StsClient sts(String region) {
    return sts.computeIfAbsent(region, r -> stsClient(r, operatorCredentials.provider(), overrides));
  }

  private StsClient stsClient(String region, AwsCredentialsProvider credentials,
                              ClientOverrideConfiguration configuration) {
    return configure(StsClient.builder(), AwsEndpoints.STS, region, credentials, configuration).build();
  }

  /** What every client of the operator shares: region, credentials, the one HTTP pool, interceptors, endpoint. */
  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, String service, String region, AwsCredentialsProvider credentials,
      ClientOverrideConfiguration configuration) {
    builder.region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(http)
        .overrideConfiguration(configuration);
    URI endpoint = endpoints.forService(service);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  /** One provider per assumed identity, so its cached session serves every reconcile until near expiry. */
  AwsCredentialsProvider credentials(String region, AwsIdentity identity) {
    if (identity.isOperator()) {
      return operatorCredentials.provider();
    }
    return assumedRoles.computeIfAbsent(identity.cacheKey(),
        k -> AssumedRoleCredentials.provider(sts(region), identity));
  }

  @Override
  public void close() {
    secretsManager.values().forEach(SecretsManagerClient::close);
    assumedRoles.values().forEach(AwsClients::closeQuietly);
    sts.values().forEach(StsClient::close);
    operatorCredentials.close();
    http.close();
    timeouts.shutdownNow();
  }

  /** Only arms and cancels call timeouts, so one thread serves every client; a cancelled timeout is dropped at once. */
  private static ScheduledThreadPoolExecutor timeoutTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "aws-call-timeouts");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private static void closeQuietly(AwsCredentialsProvider provider) {
    if (provider instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing a credentials cache cannot fail in a way worth reporting
      }
    }
  }
}
