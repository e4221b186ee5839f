package io.dbsecrets.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import java.time.Clock;

/**
 * The operator's Kubernetes client: it names itself in the User-Agent, so audit logs show who did what. A failed
 * request is retried only briefly (about 0.7 s): fabric8's default (ten retries, ~20 s) holds a reconcile thread
 * for each call during an API server outage; the reconcile retry (ReconcileRetry) is the one that waits it out.
 * Its HTTP client has a bounded executor ({@link BoundedJdkHttpClientFactory}) and refreshes its credentials at
 * most once a minute ({@link PacedTokenRefresh}).
 */
public final class KubernetesClients {
  public static final String USER_AGENT = "externaldbsecret-operator";
  static final int REQUEST_RETRIES = 3;

  private KubernetesClients() {}

  /** @param config where the API server is and how to authenticate (kubeconfig or in-cluster) */
  public static KubernetesClient forOperator(Config config) {
    Config operatorConfig = new ConfigBuilder(config).withUserAgent(USER_AGENT)
        .withRequestRetryBackoffLimit(REQUEST_RETRIES).build();
    BoundedJdkHttpClientFactory factory = new BoundedJdkHttpClientFactory();
    return new KubernetesClientBuilder()
        .withConfig(operatorConfig)
        .withHttpClientFactory(factory)
        .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor(TokenRefreshInterceptor.NAME,
            new PacedTokenRefresh(operatorConfig, factory, Clock.systemUTC())))
        .build();
  }
}
