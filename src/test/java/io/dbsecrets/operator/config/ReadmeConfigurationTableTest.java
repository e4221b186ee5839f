package io.dbsecrets.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the list of settings the operator reads, with their defaults and meaning. */
class ReadmeConfigurationTableTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `(DBSECRETS_[A-Z_]+)` \\| (.+?) \\| (.+) \\|$");

  @Test
  void readmeTableListsEverySettingInOrderWithItsDefaultAndMeaning() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("\n## Configuration\n"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    List<Setting> documented = new ArrayList<>();
    Matcher m = ROW.matcher(section);
    while (m.find()) {
      documented.add(new Setting(m.group(1), OperatorConfig.DEFAULTS.getOrDefault(m.group(1), "?"), m.group(2),
          m.group(3)));
    }

    assertThat(documented).containsExactlyElementsOf(OperatorConfig.SETTINGS);
  }
}
