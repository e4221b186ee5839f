package io.dbsecrets.operator.reconcile;

import static io.dbsecrets.operator.reconcile.ExternalDbSecretSyncTest.decode;
import static io.dbsecrets.operator.support.OperatorHarness.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Templates written to attack the operator, in the operator as deployed (mock API server, moto): the attacks of
 * issue 10 end as TemplateError on their own resource, and nothing about the secret's values reaches status or
 * Events. The mock server does not enforce the CRD schema, so the operator's own limits are what is tested.
 */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class HostileTemplateSyncTest {
  static final String PASSWORD = "Zq7-hunter2-X";

  static KubernetesClient client;
  static MotoServer moto;
  static OperatorRuntime operator;
  String namespace;
  Edbs edbs;

  @BeforeAll
  static void startOperator() {
    moto = MotoServer.shared();
    moto.reset();
    OperatorHarness.installCrd(client);
    operator = OperatorHarness.start(client, OperatorHarness.config(moto, Map.of()));
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @BeforeEach
  void freshNamespace() {
    namespace = OperatorHarness.newNamespace(client, "hostile");
    edbs = new Edbs(client, namespace);
  }

  @Test
  void hostileTemplatesFailAsTemplateErrorWhileANormalResourceInTheSameOperatorSyncs() {
    moto.createSecret(namespace + "/db", "{\"username\":\"fzuser\",\"password\":\"" + PASSWORD + "\","
        + "\"host\":\"db.internal\",\"pad\":\"" + "%".repeat(60_000) + "\"}");
    Map<String, String> attacks = new LinkedHashMap<>();
    attacks.put("loop", "{% for i in range(0, 2000000000) %}x{% endfor %}");
    attacks.put("nested-loop", "{% for i in range(0, 100000) %}{% for j in range(0, 100000) %}{% endfor %}"
        + "{% endfor %}");
    attacks.put("macro", "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}");
    attacks.put("oracle", "{% if (password | slice(0,1)) == \"Z\" %}{{ q_z }}{% else %}{{ q_other }}{% endif %}");
    attacks.put("amplify", "{{ pad | urlencode | urlencode | urlencode | urlencode }}");
    attacks.put("huge-template", "x".repeat(100_000));
    attacks.forEach((name, template) -> edbs.create(name, spec -> {
      spec.setSecretId(namespace + "/db");
      spec.setTemplate(Map.of("K", template));
    }));
    edbs.create("normal", spec -> {
      spec.setSecretId(namespace + "/db");
      spec.setTemplate(Map.of("URL", "postgres://{{ username }}:{{ password | urlencode }}@{{ host }}"));
    });

    assertThat(decode(edbs.awaitSecret("normal"), "URL")).isEqualTo("postgres://fzuser:" + PASSWORD + "@db.internal");
    for (String name : attacks.keySet()) {
      await().atMost(Edbs.WAIT).until(() -> edbs.readyReason(name).equals("False/TemplateError"));
      assertThat(edbs.secret(name)).as(name).isNull();
      String said = ready(name).getMessage() + events(client, namespace, name);
      assertThat(said).as(name).startsWith("template for key 'K'").doesNotContain(PASSWORD).doesNotContain("fzuser");
    }
    assertThat(ready("amplify").getMessage()).contains("renders more than 262144 bytes");
  }

  @Test
  void guessingAValueGivesTheSameStatusAndEventsAsAWrongGuess() {
    // The masking oracle of issue 10: a variable name holding the value came back masked, a wrong guess did not.
    moto.createSecret(namespace + "/right", "{\"username\":\"fzuser\",\"password\":\"" + PASSWORD + "\"}");
    moto.createSecret(namespace + "/wrong", "{\"username\":\"other\",\"password\":\"not-it\"}");
    String template = "{{ username }}:{{ guess_fzuser_end }}:{{ guess_" + PASSWORD.replace('-', '_') + " }}";
    for (String name : List.of("right", "wrong")) {
      edbs.create(name, spec -> {
        spec.setSecretId(namespace + "/" + name);
        spec.setTemplate(Map.of("K", template));
      });
    }

    for (String name : List.of("right", "wrong")) {
      await().atMost(Edbs.WAIT).until(() -> edbs.readyReason(name).equals("False/TemplateError")
          && !templateErrorEvents(name).isEmpty());
    }
    assertThat(ready("right").getMessage()).isEqualTo(ready("wrong").getMessage())
        .isEqualTo("template for key 'K', line 1, column 16: the secret has no field 'guess_fzuser_end' "
            + "(it has: username, password); to allow a missing field write "
            + "{{ guess_fzuser_end | default(\"...\") }}");
    assertThat(templateErrorEvents("right")).isEqualTo(templateErrorEvents("wrong"));
  }

  private Condition ready(String name) {
    ExternalDbSecret resource = edbs.get(name);
    return OperatorHarness.ready(resource).orElseThrow();
  }

  private List<String> templateErrorEvents(String name) {
    return events(client, namespace, name).stream().filter(e -> "TemplateError".equals(e.getReason()))
        .map(Event::getMessage).distinct().toList();
  }
}
