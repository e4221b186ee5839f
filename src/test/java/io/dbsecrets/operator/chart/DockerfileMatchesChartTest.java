package io.dbsecrets.operator.chart;

import static io.dbsecrets.operator.chart.DeploymentTemplateTest.env;
import static io.dbsecrets.operator.chart.DeploymentTemplateTest.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the chart relies on in the Dockerfile (the pod tier runs the image scripts/image.sh builds from it). */
class DockerfileMatchesChartTest {
  private static List<String> dockerfile;
  private static Deployment deployment;

  @BeforeAll
  static void load() {
    dockerfile = GeneratedFile.read(Path.of("Dockerfile")).lines().map(String::strip).toList();
    deployment = Chart.renderDefaults().one(Deployment.class);
  }

  @Test
  void imageRunsAsTheNumericNonRootUserTheChartRunsAs() {
    String user = instruction("USER").orElseThrow();
    assertThat(user).matches("[0-9]+:[0-9]+");
    long uid = Long.parseLong(user.substring(0, user.indexOf(':')));
    assertThat(uid).isPositive().isEqualTo(operator(deployment).getSecurityContext().getRunAsUser());
  }

  @Test
  void imageRunsTheOperatorFromTheLayersMavenAndImageShPrepare() {
    List<String> copies = dockerfile.stream().filter(l -> l.startsWith("COPY target/")).toList();
    assertThat(copies).containsExactly(
        "COPY target/image/lib/ /opt/externaldbsecret-operator/lib/",
        "COPY target/image/app/ /opt/externaldbsecret-operator/");
    assertThat(instruction("ENTRYPOINT").orElseThrow())
        .contains("/opt/externaldbsecret-operator/externaldbsecret-operator.jar:"
            + "/opt/externaldbsecret-operator/lib/*")
        .contains("\"io.dbsecrets.operator.ExternalDbSecretOperator\"");
  }

  @Test
  void podmanBuildUsesTheDockerfilesApplicationLayers() {
    // scripts/image.sh takes every line after this marker, so both builds give the same layout and metadata
    String script = GeneratedFile.read(Path.of("scripts/image.sh"));
    String marker = "# ---- scripts/image.sh builds the lines below";
    assertThat(dockerfile).anyMatch(l -> l.startsWith(marker));
    assertThat(script).contains("/^" + marker.replace("/", "\\/"));
    List<String> tail = dockerfile.subList(
        dockerfile.indexOf(dockerfile.stream().filter(l -> l.startsWith(marker)).findFirst().orElseThrow()),
        dockerfile.size());
    assertThat(tail).contains("COPY target/image/app/ /opt/externaldbsecret-operator/")
        .anyMatch(l -> l.startsWith("USER ")).anyMatch(l -> l.startsWith("ENTRYPOINT "));
  }

  @Test
  void imageDefaultsAgreeWithTheChart() {
    assertThat(instruction("EXPOSE")).hasValue(String.valueOf(operator(deployment).getPorts().get(0).getContainerPort()));
    assertThat(instruction("ENV").orElseThrow())
        .isEqualTo("JAVA_TOOL_OPTIONS=\"" + env(deployment).get("JAVA_TOOL_OPTIONS") + "\"");
  }

  private static Optional<String> instruction(String name) {
    return dockerfile.stream().filter(l -> l.startsWith(name + " ")).map(l -> l.substring(name.length() + 1).strip())
        .reduce((first, second) -> second);
  }
}
