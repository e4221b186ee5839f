package io.dbsecrets.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** The operator's Kubernetes client: it names itself in the User-Agent, so audit logs show who did what. */
public final class KubernetesClients {
  public static final String USER_AGENT = "externaldbsecret-operator";

  private KubernetesClients() {}

  /** @param config where the API server is and how to authenticate (kubeconfig or in-cluster) */
  public static KubernetesClient forOperator(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(config).withUserAgent(USER_AGENT).build())
        .build();
  }
}
