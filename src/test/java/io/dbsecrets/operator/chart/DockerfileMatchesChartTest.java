package io.dbsecrets.operator.chart;

import static io.dbsecrets.operator.chart.DeploymentTemplateTest.env;
import static io.dbsecrets.operator.chart.DeploymentTemplateTest.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The image cannot be built here (no container engine), so check what the chart relies on in the Dockerfile. */
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
  void imageCopiesTheShadedJarThatMavenBuilds() {
    String copy = instruction("COPY").orElseThrow();
    String glob = copy.split("\\s+")[0];
    var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    assertThat(matcher.matches(Path.of("target", "externaldbsecret-operator-0.1.0-SNAPSHOT.jar"))).isTrue();
    assertThat(matcher.matches(Path.of("target", "original-externaldbsecret-operator-0.1.0-SNAPSHOT.jar"))).isFalse();
    assertThat(instruction("ENTRYPOINT").orElseThrow()).contains("-jar").contains(copy.split("\\s+")[1]);
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
