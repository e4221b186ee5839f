package io.dbsecrets.operator.chart;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The chart installs the CRD that the build generates from the Java model (checked in at the top-level crds/). */
class ChartCrdIsCurrentTest {
  static final String CRD_FILE = "externaldbsecrets.dbsecrets.io-v1.yml";
  static final Path TOP_LEVEL_CRD = Path.of("crds", CRD_FILE);
  /** Written by the fabric8 crd-generator plugin at process-classes, so always there when tests run. */
  static final Path BUILD_CRD = Path.of("target", "classes", "META-INF", "fabric8", CRD_FILE);
  static final Path CHART_CRD = Chart.DIR.resolve("crds").resolve(CRD_FILE);

  /** The top-level crds/ copy once it is checked in, else the one this build generated. */
  static Path sourceOfTruth() {
    return Files.exists(TOP_LEVEL_CRD) ? TOP_LEVEL_CRD : BUILD_CRD;
  }

  @Test
  void chartCrdIsACopyOfTheGeneratedCrd() {
    Path source = sourceOfTruth();
    GeneratedFile.assertCurrent(CHART_CRD, GeneratedFile.read(source), source.toString());
  }
}
