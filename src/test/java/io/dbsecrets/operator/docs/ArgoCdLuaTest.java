package io.dbsecrets.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health check and force-sync action of docs/argocd/, run by a Lua interpreter (LuaJ) on resources
 * as Argo CD hands them over: the object as a Lua table in the global {@code obj}.
 */
class ArgoCdLuaTest {
  private static final Path DIR = Path.of("docs", "argocd");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void readyResourceIsHealthyWithTheReason() throws IOException {
    LuaValue health = health("""
        metadata: {name: db, generation: 2}
        status:
          observedGeneration: 2
          conditions:
            - {type: RolloutRestart, status: "False", reason: TargetNotFound, message: "Deployment api not found"}
            - {type: Ready, status: "True", reason: Synced, message: "Secret db is up to date"}
        """);

    assertThat(health.get("status").tojstring()).isEqualTo("Healthy");
    assertThat(health.get("message").tojstring()).isEqualTo("Synced: Secret db is up to date");
  }

  @Test
  void failingResourceIsDegradedNamingTheReasonAndMessage() throws IOException {
    LuaValue health = health("""
        metadata: {name: db, generation: 1}
        status:
          observedGeneration: 1
          conditions:
            - {type: Ready, status: "False", reason: SecretNotFound, message: "AWS secret 'dev/db' not found"}
        """);

    assertThat(health.get("status").tojstring()).isEqualTo("Degraded");
    assertThat(health.get("message").tojstring()).isEqualTo("SecretNotFound: AWS secret 'dev/db' not found");
  }

  @Test
  void resourceWithoutStatusOrReadyConditionIsProgressing() throws IOException {
    assertThat(health("metadata: {name: db, generation: 1}").get("status").tojstring()).isEqualTo("Progressing");
    assertThat(health("""
        metadata: {name: db, generation: 1}
        status: {observedGeneration: 1, conditions: [{type: RolloutRestart, status: "True", reason: Restarted}]}
        """).get("status").tojstring()).isEqualTo("Progressing");
    assertThat(health("""
        metadata: {name: db, generation: 1}
        status: {conditions: [{type: Ready, status: Unknown, reason: Pending}]}
        """).get("status").tojstring()).isEqualTo("Progressing");
  }

  @Test
  void readyStatusOfAnOlderSpecIsProgressingUntilTheOperatorCatchesUp() throws IOException {
    LuaValue health = health("""
        metadata: {name: db, generation: 3}
        status:
          observedGeneration: 2
          conditions: [{type: Ready, status: "True", reason: Synced, message: ok}]
        """);

    assertThat(health.get("status").tojstring()).isEqualTo("Progressing");
    assertThat(health.get("message").tojstring()).contains("generation 3");
  }

  @Test
  void forceSyncActionIsOfferedAndSetsANewAnnotationKeepingTheOthers() throws IOException {
    LuaValue actions = run("discovery.lua", "metadata: {name: db}");
    assertThat(actions.get("force-sync").istable()).isTrue();
    assertThat(actions.get("force-sync").get("disabled").toboolean()).isFalse();

    LuaValue annotated = run("force-sync.lua", """
        metadata: {name: db, annotations: {team: payments, "dbsecrets.io/force-sync": "old"}}
        spec: {secretId: dev/db}
        """);
    LuaValue annotations = annotated.get("metadata").get("annotations");
    assertThat(annotations.get("dbsecrets.io/force-sync").tojstring())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(annotations.get("team").tojstring()).isEqualTo("payments");
    assertThat(annotated.get("spec").get("secretId").tojstring()).isEqualTo("dev/db");

    LuaValue bare = run("force-sync.lua", "metadata: {name: db}");
    assertThat(bare.get("metadata").get("annotations").get("dbsecrets.io/force-sync").isstring()).isTrue();
  }

  @Test
  void argoCdConfigMapPatchCarriesExactlyTheseScripts() throws IOException {
    JsonNode data = YAML.readTree(DIR.resolve("argocd-cm.yaml").toFile()).path("data");
    JsonNode actions = YAML.readTree(data.path("resource.customizations.actions.dbsecrets.io_ExternalDbSecret")
        .asText());

    assertThat(data.path("resource.customizations.health.dbsecrets.io_ExternalDbSecret").asText())
        .isEqualTo(Files.readString(DIR.resolve("health.lua")));
    assertThat(actions.path("discovery.lua").asText()).isEqualTo(Files.readString(DIR.resolve("discovery.lua")));
    assertThat(actions.path("definitions").get(0).path("name").asText()).isEqualTo("force-sync");
    assertThat(actions.path("definitions").get(0).path("action.lua").asText())
        .isEqualTo(Files.readString(DIR.resolve("force-sync.lua")));
  }

  private static LuaValue health(String resourceYaml) throws IOException {
    return run("health.lua", resourceYaml);
  }

  private static LuaValue run(String script, String resourceYaml) throws IOException {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(YAML.readTree(resourceYaml)));
    return globals.load(Files.readString(DIR.resolve(script)), script).call();
  }

  /** JSON as Argo CD gives it to Lua: objects and arrays become tables (arrays 1-based), nulls are absent. */
  private static LuaValue lua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        table.set(field.getKey(), lua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.asLong());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }
}
