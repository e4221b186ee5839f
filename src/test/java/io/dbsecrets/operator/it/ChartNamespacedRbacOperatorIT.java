package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.it.RealCluster.decode;
import static io.dbsecrets.operator.support.OperatorHarness.events;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.dbsecrets.operator.support.MotoServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's namespaced mode ({@code watchNamespaces}): a Role per watched namespace instead of a ClusterRole.
 * The operator, impersonating that release's ServiceAccount, works in the watched namespace and can neither see nor
 * touch Secrets elsewhere.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class ChartNamespacedRbacOperatorIT {
  private static final Path CHART = Path.of("helm", "externaldbsecret-operator");

  private static MotoServer moto;
  private static ChartOperator operator;
  private static String watched;
  private static String unwatched;

  @BeforeAll
  static void startOperatorWatchingOneNamespace(KubeControlPlane kube, KubernetesClient admin) {
    RealCluster.installCrd(admin);
    watched = RealCluster.newNamespace(admin, "chart-ns-watched");
    unwatched = RealCluster.newNamespace(admin, "chart-ns-unwatched");
    for (String ns : List.of(watched, unwatched)) {
      admin.namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata()
          .addToAnnotations("dbsecrets.io/allowed-secrets", "shared/*").endMetadata().build());
    }
    String rendered = new Helm(CHART).template()
        .withName("edbs-namespaced")
        .withNamespace("edbs-namespaced-system")
        .set("watchNamespaces[0]", watched)
        .call();
    List<HasMetadata> manifests = admin.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
        .items().stream().filter(Objects::nonNull).toList();
    assertThat(manifests).noneMatch(r -> r.getKind().equals("ClusterRole")
        && r.getMetadata().getName().equals("edbs-namespaced-externaldbsecret-operator"));
    moto = MotoServer.shared();
    moto.reset();
    operator = ChartOperator.start(kube, admin, manifests, moto);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void syncsInTheWatchedNamespaceOnly(KubernetesClient admin) {
    moto.createSecret("shared/app-db", "{\"password\":\"from-aws\"}");
    RealCluster.create(admin, unwatched, "app-db", spec -> spec.setSecretId("shared/app-db"));
    RealCluster.create(admin, watched, "app-db", spec -> spec.setSecretId("shared/app-db"));

    await().atMost(TIMEOUT).until(() -> "from-aws".equals(decode(secret(admin, watched, "app-db"), "password")));
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, watched, "app-db")));
    await().atMost(TIMEOUT).until(() -> events(admin, watched, "app-db").stream()
        .anyMatch(e -> "Synced".equals(e.getReason())));
    assertThat(RealCluster.get(admin, unwatched, "app-db").getStatus()).isNull();
    assertThat(secret(admin, unwatched, "app-db")).isNull();
  }

  @Test
  void mayNotReadSecretsOutsideTheWatchedNamespaces() {
    assertThatThrownBy(() -> operator.client().secrets().inNamespace(unwatched).list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    assertThatThrownBy(() -> operator.client().secrets().inAnyNamespace().list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }
}
