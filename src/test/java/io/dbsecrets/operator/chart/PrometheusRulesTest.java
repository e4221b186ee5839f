package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alert rules, as the chart renders them, checked and unit-tested by promtool against synthetic series
 * (src/test/resources/prometheus/alerts-test.yaml). promtool comes from scripts/promtool.sh, which builds it from
 * the Prometheus Go module the first time.
 */
@Tag("slow")
class PrometheusRulesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Path promtool;

  @TempDir
  Path dir;

  @BeforeAll
  static void findPromtool() throws Exception {
    Result built = run(Path.of("."), List.of("scripts/promtool.sh", "--print-bin"), 1800);
    assertThat(built.exit()).as("scripts/promtool.sh: %s", built.output()).isZero();
    promtool = Path.of(built.output().strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void alertRulesPassPromtoolCheckAndFireOnlyWhenTheirUnitTestsSay() throws Exception {
    Files.writeString(dir.resolve("rules.yaml"), renderedRules("{team: platform}"));
    Files.copy(Path.of("src/test/resources/prometheus/alerts-test.yaml"), dir.resolve("alerts-test.yaml"));

    Result check = run(dir, List.of(promtool.toString(), "check", "rules", "rules.yaml"), 120);
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 6 rules found");

    Result test = run(dir, List.of(promtool.toString(), "test", "rules", "alerts-test.yaml"), 300);
    assertThat(test.exit()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertLinksToItsRunbookSection() throws IOException {
    String runbooks = Files.readString(Path.of("docs", "alerts.md"));
    var groups = YAML.readTree(renderedRules("{}")).path("groups");
    List<String> alerts = new ArrayList<>();
    groups.forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("alert").asText())));

    assertThat(alerts).hasSize(6);
    for (var group : groups) {
      for (var rule : group.path("rules")) {
        String alert = rule.path("alert").asText();
        assertThat(runbooks).as(alert).contains("\n## " + alert + "\n");
        assertThat(rule.path("annotations").path("runbook_url").asText())
            .endsWith("docs/alerts.md#" + alert.toLowerCase());
      }
    }
  }

  @Test
  void dashboardQueriesAreValidPromql() throws Exception {
    List<Map<String, String>> rules = new ArrayList<>();
    int i = 0;
    for (String expr : GrafanaDashboardTest.expressions()) {
      // Grafana fills these in before querying; promtool needs concrete values.
      String concrete = expr.replace("$__rate_interval", "5m").replace("$job", ".*").replace("$namespace", ".*");
      rules.add(Map.of("record", "dashboard:query_" + i++, "expr", concrete));
    }
    Files.writeString(dir.resolve("dashboard.yaml"),
        YAML.writeValueAsString(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));

    Result check = run(dir, List.of(promtool.toString(), "check", "rules", "dashboard.yaml"), 120);
    assertThat(check.exit()).as(check.output()).isZero();
  }

  /** spec of the chart's PrometheusRule, which is a Prometheus rule file. */
  private static String renderedRules(String alertLabels) throws IOException {
    var rule = (GenericKubernetesResource) Chart.render(
        "metrics: {prometheusRule: {enabled: true, alertLabels: " + alertLabels + "}}").ofKind("PrometheusRule").get(0);
    return YAML.writeValueAsString(rule.getAdditionalProperties().get("spec"));
  }

  private record Result(int exit, String output) {}

  private static Result run(Path dir, List<String> command, long timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("promtool", ".log");
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
