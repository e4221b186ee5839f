package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {
  @Test
  void strictLintReportsNoWarningsOrErrors() {
    LintResult result = new Helm(Chart.DIR).lint().strict().call();
    assertThat(result.getMessages())
        .as("helm lint --strict messages")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    assertThat(result.isFailed()).as("helm lint --strict failed: %s", result.getMessages()).isFalse();
  }
}
