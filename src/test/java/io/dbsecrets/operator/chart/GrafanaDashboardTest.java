package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard the chart ships: valid JSON Grafana imports, querying only series the operator exports. */
class GrafanaDashboardTest {
  static final Path FILE = Chart.DIR.resolve("dashboards/externaldbsecret-operator.json");
  private static final Pattern OPERATOR_SERIES = Pattern.compile("\\b(dbsecrets_[a-z_]+)");

  @Test
  void dashboardIsImportableJsonWithUniquePanelsOnAChosenDataSource() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(FILE.toFile());

    assertThat(dashboard.path("uid").asText()).isEqualTo("externaldbsecret-operator");
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
    assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
        .contains("datasource", "job", "namespace");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel id %s is unique", panel.path("id")).isTrue();
      assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
          .isEqualTo("${datasource}");
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText()).as(panel.path("title").asText()).contains("job=~\"$job\"");
      }
    }
    assertThat(ids).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void everyOperatorSeriesTheDashboardQueriesIsDocumented() throws IOException {
    String documented = Files.readString(Path.of("docs", "metrics.md"));
    for (String expr : expressions()) {
      Matcher series = OPERATOR_SERIES.matcher(expr);
      while (series.find()) {
        String name = series.group(1).replaceFirst("_bucket$", "");
        assertThat(documented).as("%s in %s", name, expr).contains("`" + name + "`");
      }
    }
  }

  @Test
  void configMapShipsTheFileUnchangedForTheGrafanaSidecar() throws IOException {
    ConfigMap map = Chart.render("metrics: {dashboard: {enabled: true, namespace: grafana}}").one(ConfigMap.class);

    assertThat(map.getMetadata().getNamespace()).isEqualTo("grafana");
    assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(map.getData().get("externaldbsecret-operator.json")).isEqualTo(Files.readString(FILE).strip());
    assertThat(Chart.renderDefaults().all(ConfigMap.class)).isEmpty();
  }

  /** Every PromQL expression of the dashboard, for the tests above and for promtool (PrometheusRulesTest). */
  static List<String> expressions() throws IOException {
    List<String> exprs = new ArrayList<>();
    new ObjectMapper().readTree(FILE.toFile()).path("panels")
        .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    return exprs;
  }
}
