package io.dbsecrets.operator.chart;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chart installs the CRD generated from the Java model, checked in at the top-level crds/ (whose own
 * test, CrdIsCurrentTest, keeps it equal to the model).
 */
class ChartCrdIsCurrentTest {
  static final String CRD_FILE = "externaldbsecrets.dbsecrets.io-v1.yml";
  static final Path TOP_LEVEL_CRD = Path.of("crds", CRD_FILE);
  static final Path CHART_CRD = Chart.DIR.resolve("crds").resolve(CRD_FILE);

  @Test
  void chartCrdIsACopyOfTheTopLevelCrd() {
    GeneratedFile.assertCurrent(CHART_CRD, GeneratedFile.read(TOP_LEVEL_CRD), TOP_LEVEL_CRD.toString());
  }
}
