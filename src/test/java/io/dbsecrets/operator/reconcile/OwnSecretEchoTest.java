package io.dbsecrets.operator.reconcile;

import static io.dbsecrets.operator.reconcile.ExternalDbSecretSyncTest.decode;
import static io.dbsecrets.operator.reconcile.ExternalDbSecretSyncTest.encode;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.reconciles;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.OperatorExtension;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The informer event of a Secret the operator wrote itself does not reconcile its resource again; anybody else's
 * change to it does. The class has an operator of its own, so the reconcile counts are this test's alone.
 */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class OwnSecretEchoTest {
  static KubernetesClient client;
  @RegisterExtension
  static final OperatorExtension env = OperatorExtension.on(() -> client, "echo");

  @Test
  void onlyTheFirstSyncAndSomebodyElsesEditReconcile() {
    String namespace = env.namespace();
    env.moto().createSecret(namespace + "/db", "{\"password\":\"from-aws\"}");
    Edbs edbs = new Edbs(client, namespace);
    List<String> names = List.of("app-a", "app-b", "app-c");
    names.forEach(name -> edbs.create(name, spec -> spec.setSecretId(namespace + "/db")));
    await().atMost(Duration.ofSeconds(20)).until(() -> names.stream()
        .allMatch(name -> readyReason(client, namespace, name).equals("True/Synced")));

    client.secrets().inNamespace(namespace).resource(new SecretBuilder(secret(client, namespace, "app-b"))
        .addToData("password", encode("hand-edited")).build()).update();
    await().atMost(Duration.ofSeconds(15))
        .until(() -> "from-aws".equals(decode(secret(client, namespace, "app-b"), "password")));

    // without the filter every write's echo (three creations, one repair) reconciled again and decided NONE
    assertThat(reconciles(env.operator(), "NONE")).isZero();
    assertThat(reconciles(env.operator(), "FIRST_SYNC")).isEqualTo(3);
    assertThat(reconciles(env.operator(), "SECRET_DRIFTED")).isEqualTo(1);
  }
}
