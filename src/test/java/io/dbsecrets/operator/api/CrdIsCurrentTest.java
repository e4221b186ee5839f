package io.dbsecrets.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CrdIsCurrentTest {
  private static final String FILE = "externaldbsecrets.dbsecrets.io-v1.yml";

  @Test
  void checkedInCrdMatchesTheOneGeneratedFromTheModel() throws IOException {
    String generated = Files.readString(Path.of("target/classes/META-INF/fabric8", FILE));
    String checkedIn = Files.readString(Path.of("crds", FILE));
    assertThat(checkedIn)
        .as("crds/%s is stale: run scripts/update-crds.sh and commit the result", FILE)
        .isEqualTo(generated);
  }
}
