package io.dbsecrets.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KnownLabelsTest {
  /** The failure reasons counted at zero are those the README promises on the Ready condition. */
  @Test
  void failureReasonsAreTheReadyReasonsTheReadmeDocuments() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher row = Pattern.compile("(?m)^\\| `conditions\\[type=Ready]` \\| `True/Synced`, or `False` with reason (.*)\\. The")
        .matcher(readme);
    assertThat(row.find()).isTrue();
    List<String> documented = Arrays.stream(row.group(1).split(", "))
        .map(s -> s.replace("`", "").trim()).toList();

    assertThat(KnownLabels.failureReasons()).containsExactlyInAnyOrderElementsOf(documented);
  }
}
