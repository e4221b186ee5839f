package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's values table documents every value of values.yaml with its real default. */
class ChartReadmeTest {
  /** Kubernetes objects documented as a whole rather than field by field. */
  private static final Set<String> DOCUMENTED_WHOLE = Set.of("resources", "podSecurityContext", "securityContext");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Za-z0-9._]+)` \\| [^|]+ \\| `(.*)` \\| (.+) \\|$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, JsonNode> values;
  private static Map<String, String> documentedDefaults;

  @BeforeAll
  static void load() throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Chart.DIR.resolve("values.yaml").toFile());
    values = new LinkedHashMap<>();
    flatten("", root, values);
    documentedDefaults = new LinkedHashMap<>();
    Matcher m = ROW.matcher(GeneratedFile.read(Chart.DIR.resolve("README.md")));
    while (m.find()) {
      documentedDefaults.put(m.group(1), m.group(2));
    }
  }

  @Test
  void everyValueHasARowInTheReadmeTable() {
    assertThat(documentedDefaults.keySet()).containsAll(values.keySet());
  }

  @Test
  void everyRowNamesARealValue() {
    assertThat(values.keySet()).containsAll(documentedDefaults.keySet());
  }

  @Test
  void documentedDefaultsAreTheDefaultsOfValuesYaml() throws IOException {
    for (var e : values.entrySet()) {
      String documented = documentedDefaults.get(e.getKey());
      if (documented != null) {
        assertThat(JSON.readTree(documented)).as("README default of %s", e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    if (node.isObject() && !node.isEmpty() && !DOCUMENTED_WHOLE.contains(prefix)) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
      }
    } else {
      out.put(prefix, node);
    }
  }
}
