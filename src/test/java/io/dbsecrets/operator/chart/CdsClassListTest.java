package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class list the image's class-data sharing archive is dumped from (Dockerfile) names the operator's classes as
 * they are. A class renamed or removed since the list was made is left out of the archive and loaded the slow way at
 * every start; regenerate the list with scripts/cds-classes.sh.
 */
class CdsClassListTest {
  private static final Path LIST = Path.of("scripts/image/cds-classes");

  @Test
  void everyOperatorClassTheListNamesStillExists() throws IOException {
    List<String> operatorClasses = Files.readAllLines(LIST).stream()
        .filter(line -> line.startsWith("io/dbsecrets/")).map(line -> line.split(" ", 2)[0]).toList();

    assertThat(operatorClasses).as("the list covers the operator's start-up and reconcile path")
        .contains("io/dbsecrets/operator/ExternalDbSecretOperator",
            "io/dbsecrets/operator/reconcile/ExternalDbSecretReconciler", "io/dbsecrets/operator/api/ExternalDbSecret");
    assertThat(operatorClasses).as("classes gone since scripts/cds-classes.sh made the list (run it again)")
        .allMatch(name -> Files.exists(Path.of("target/classes", name + ".class")));
  }
}
