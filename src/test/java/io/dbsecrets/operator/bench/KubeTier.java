package io.dbsecrets.operator.bench;

import io.dbsecrets.operator.it.KubeControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kubernetes API the benchmark runs against: the real control plane (etcd, kube-apiserver,
 * kube-controller-manager) when its binaries are available, else the fabric8 mock server in CRUD mode. Each
 * tier says how a separate operator process reaches it.
 */
abstract class KubeTier implements AutoCloseable {
  abstract String name();

  abstract KubernetesClient client();

  /** Environment for the operator process so that fabric8's default config finds this API server. */
  abstract Map<String, String> operatorEnv();

  static KubeTier start(String wanted) {
    if (!"mock".equals(wanted)) {
      try {
        return new Real(KubeControlPlane.start());
      } catch (RuntimeException e) {
        if ("real".equals(wanted)) {
          throw e;
        }
        System.err.println("[bench] real control plane unavailable (" + e.getMessage()
            + "); falling back to the fabric8 mock server");
      }
    }
    return new Mock();
  }

  private static final class Real extends KubeTier {
    private final KubeControlPlane plane;
    private final KubernetesClient client;

    Real(KubeControlPlane plane) {
      this.plane = plane;
      this.client = new KubernetesClientBuilder().withConfig(plane.adminConfig()).build();
    }

    @Override
    String name() {
      return "real";
    }

    @Override
    KubernetesClient client() {
      return client;
    }

    @Override
    Map<String, String> operatorEnv() {
      return Map.of("KUBECONFIG", plane.kubeconfig().toString());
    }

    @Override
    public void close() {
      client.close();
      plane.close();
    }
  }

  private static final class Mock extends KubeTier {
    // the mock server logs every request at INFO through java.util.logging; keep a reference so the level sticks
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    Mock() {
      MOCK_LOG.setLevel(Level.WARNING);
      server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
          new KubernetesCrudDispatcher(), true);
      server.init();
      client = server.createClient();
    }

    @Override
    String name() {
      return "mock";
    }

    @Override
    KubernetesClient client() {
      return client;
    }

    @Override
    Map<String, String> operatorEnv() {
      return Map.of("KUBERNETES_MASTER", client.getConfiguration().getMasterUrl(),
          "KUBERNETES_TRUST_CERTIFICATES", "true",
          "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
          "KUBERNETES_NAMESPACE", "default");
    }

    @Override
    public void close() {
      client.close();
      server.destroy();
    }
  }
}
