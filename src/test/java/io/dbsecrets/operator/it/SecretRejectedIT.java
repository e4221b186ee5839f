package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.it.RealCluster.decode;
import static io.dbsecrets.operator.support.OperatorHarness.events;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Secrets the real API server refuses (the mock server validates nothing): the resource says why on its status
 * and in an Event, without the value, and syncs once the spec is fixed.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class SecretRejectedIT {
  private static final String PASSWORD = "pa55-not-json";

  @RegisterExtension
  static final OperatorExtension env = RealCluster.operator("rejected-it");
  private static String namespace;

  @BeforeAll
  static void createAwsSecret() {
    namespace = env.namespace();
    env.moto().createSecret(namespace + "/db", "{\"username\":\"app\",\"password\":\"" + PASSWORD + "\"}");
  }

  @Test
  void annotationsOver256KibAreReportedAndSyncOnceShortened(KubernetesClient admin) {
    // label and annotation keys and label values are checked by the CRD schema already; annotation size is not
    RealCluster.create(admin, namespace, "big-annotations", spec -> {
      spec.setSecretId(namespace + "/db");
      spec.getTarget().setAnnotations(Map.of("example.com/a", "x".repeat(140_000), "example.com/b",
          "y".repeat(140_000)));
    });

    // the total includes the annotations the operator adds
    awaitRejected(admin, "big-annotations",
        "would be refused by the API server, so it was not written: annotations total ");
    assertThat(OperatorHarness.ready(RealCluster.get(admin, namespace, "big-annotations")).orElseThrow().getMessage())
        .endsWith(" bytes, more than 262144");

    new Edbs(admin, namespace).editSpec("big-annotations", spec -> spec.getTarget().setAnnotations(
        Map.of("example.com/a", "x")));
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "big-annotations")));
    assertThat(decode(secret(admin, namespace, "big-annotations"), "password")).isEqualTo(PASSWORD);
  }

  @Test
  void tlsSecretWithoutItsKeysIsReported(KubernetesClient admin) {
    RealCluster.create(admin, namespace, "tls", spec -> {
      spec.setSecretId(namespace + "/db");
      spec.getTarget().setType("kubernetes.io/tls");
    });

    awaitRejected(admin, "tls", "type kubernetes.io/tls requires the key 'tls.crt'");
    assertThat(secret(admin, namespace, "tls")).isNull();
  }

  @Test
  void serverRefusalIsReportedWithoutTheValueItQuotes(KubernetesClient admin) {
    // The server checks that .dockerconfigjson holds JSON and quotes the value in its message; the operator cannot
    // tell without reading the value, so this is the server's refusal, reported from field paths only.
    RealCluster.create(admin, namespace, "docker", spec -> {
      spec.setSecretId(namespace + "/db");
      spec.getTarget().setType("kubernetes.io/dockerconfigjson");
      spec.setData(List.of(new DataMapping(".dockerconfigjson", "password")));
    });

    awaitRejected(admin, "docker", "the API server refused Secret 'docker': HTTP 422 Invalid: "
        + "data[.dockerconfigjson] is invalid");
  }

  private static void awaitRejected(KubernetesClient admin, String name, String expected) {
    await().atMost(TIMEOUT).until(() -> "False/SecretRejected".equals(readyReason(admin, namespace, name)));
    ExternalDbSecret resource = RealCluster.get(admin, namespace, name);
    String message = OperatorHarness.ready(resource).orElseThrow().getMessage();
    assertThat(message).contains(expected).doesNotContain(PASSWORD);
    assertThat(resource.getStatus().getConsecutiveFailures()).isPositive();
    await().atMost(TIMEOUT).until(() -> !events(admin, namespace, name).isEmpty());
    List<Event> events = events(admin, namespace, name);
    assertThat(events).anyMatch(e -> "SecretRejected".equals(e.getReason()) && "Warning".equals(e.getType()));
    assertThat(events).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
  }
}
