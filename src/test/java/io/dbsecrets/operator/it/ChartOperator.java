package io.dbsecrets.operator.it;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator as a chart installs it, minus the pod: the chart's Namespace, ServiceAccount and RBAC are applied,
 * and the operator runs in this JVM impersonating that ServiceAccount, configured with the environment of the
 * chart's Deployment (plus moto's endpoint and keys, and a free HTTP port). It holds exactly what the chart grants.
 */
final class ChartOperator implements AutoCloseable {
  private static final Set<String> IDENTITY_KINDS =
      Set.of("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  private final KubernetesClient client;
  private final OperatorRuntime runtime;

  private ChartOperator(KubernetesClient client, OperatorRuntime runtime) {
    this.client = client;
    this.runtime = runtime;
  }

  /** @param manifests a rendering of the chart (deploy/ or helm template): one Deployment and its RBAC */
  static ChartOperator start(KubeControlPlane kube, KubernetesClient admin, List<HasMetadata> manifests,
                             MotoServer moto) {
    Deployment deployment = manifests.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no Deployment in the manifests"));
    return start(kube, admin, manifests, deployment, moto);
  }

  /** @param deployment the one of the manifests' Deployments (with {@code shards}, one per shard) to run as */
  static ChartOperator start(KubeControlPlane kube, KubernetesClient admin, List<HasMetadata> manifests,
                             Deployment deployment, MotoServer moto) {
    String namespace = deployment.getMetadata().getNamespace();
    RealCluster.ensureNamespace(admin, namespace);
    manifests.stream().filter(r -> IDENTITY_KINDS.contains(r.getKind()))
        .forEach(r -> admin.resource(r).forceConflicts().serverSideApply());

    Map<String, String> env = environmentOf(deployment);
    env.put("DBSECRETS_AWS_ENDPOINT", moto.endpoint().toString());
    env.put("DBSECRETS_HTTP_PORT", "0");
    // moto accepts any keys; on EKS the pod's identity comes from IRSA or Pod Identity instead
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    KubernetesClient client = kube.serviceAccountClient(namespace,
        deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
    try {
      return new ChartOperator(client, OperatorHarness.start(client, env));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The operator's own client: the chart's ServiceAccount. */
  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    runtime.close();
    client.close();
  }

  /** The operator settings of the chart's Deployment, as its pod would see them. */
  private static Map<String, String> environmentOf(Deployment deployment) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (!var.getName().startsWith("DBSECRETS_")) {
        continue;
      }
      if (var.getValueFrom() == null) {
        env.put(var.getName(), var.getValue());
      } else if ("metadata.namespace".equals(var.getValueFrom().getFieldRef().getFieldPath())) {
        env.put(var.getName(), deployment.getMetadata().getNamespace());
      } else {
        throw new IllegalArgumentException("cannot resolve " + var.getName() + " outside a pod");
      }
    }
    return env;
  }
}
