package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.dbsecrets.operator.kube.ShardKey;
import io.dbsecrets.operator.support.MotoServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart with {@code shards: 2}: each shard's Deployment, run as the release's ServiceAccount with exactly the
 * chart's RBAC, labels the resources of its buckets and syncs them.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class ChartShardedRbacOperatorIT {
  private static final Path CHART = Path.of("helm", "externaldbsecret-operator");
  private final List<ChartOperator> shards = new ArrayList<>();

  @AfterEach
  void stop() {
    shards.forEach(ChartOperator::close);
  }

  @Test
  void eachShardLabelsAndSyncsItsResourcesWithOnlyTheChartsRbac(KubeControlPlane kube, KubernetesClient admin) {
    RealCluster.installCrd(admin);
    String namespace = RealCluster.newNamespace(admin, "chart-shards");
    String rendered = new Helm(CHART).template()
        .withName("edbs-sharded")
        .withNamespace("edbs-sharded-system")
        .set("shards", "2")
        .set("watchNamespaces[0]", namespace)
        .set("policy.enforced", "false")
        .call();
    List<HasMetadata> manifests = admin.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
        .items().stream().filter(Objects::nonNull).toList();
    List<Deployment> deployments = manifests.stream().filter(Deployment.class::isInstance)
        .map(Deployment.class::cast).toList();
    assertThat(deployments).hasSize(2);
    MotoServer moto = MotoServer.shared();
    moto.reset();
    for (Deployment deployment : deployments) {
      shards.add(ChartOperator.start(kube, admin, manifests, deployment, moto));
    }

    List<String> names = IntStream.range(0, 6).mapToObj(i -> "db-" + i).toList();
    for (String name : names) {
      moto.createSecret(namespace + "/" + name, "{\"password\":\"from-aws\"}");
      RealCluster.create(admin, namespace, name, spec -> spec.setSecretId(namespace + "/" + name));
    }

    await().atMost(TIMEOUT).until(() -> names.stream()
        .allMatch(n -> "True/Synced".equals(readyReason(admin, namespace, n))));
    for (String name : names) {
      assertThat(RealCluster.get(admin, namespace, name).getMetadata().getLabels()).as(name)
          .containsEntry(ShardKey.LABEL, Integer.toString(ShardKey.bucket(namespace, name)));
    }
  }
}
