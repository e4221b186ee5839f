package io.dbsecrets.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark measures the operator with the JVM options the chart runs it with, in a 512 MiB container. */
class BenchJvmMatchesChartTest {
  @Test
  void benchRunsTheOperatorWithTheChartsJvmOptions() throws IOException {
    Map<?, ?> values = Serialization.unmarshal(Files.readString(Path.of("helm/externaldbsecret-operator/values.yaml")),
        Map.class);

    assertThat(BenchOptions.DEFAULT_JVM).isEqualTo("-XX:MaxRAM=512m " + values.get("javaToolOptions"));
  }
}
