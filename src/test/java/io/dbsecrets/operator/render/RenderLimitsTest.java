package io.dbsecrets.operator.render;

import static io.dbsecrets.operator.render.SecretRendererTest.assertFails;
import static io.dbsecrets.operator.render.SecretRendererTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsecrets.operator.api.DataMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The size and work limits: each ends the render with a message that names the limit, not the size. */
class RenderLimitsTest {
  @Test
  void renderedValueOverTheKeyLimitFailsWithTheSameMessageHoweverFarOver() {
    for (int length : List.of(90_000, 250_000)) {
      assertFails(text("{\"v\":\"" + "%".repeat(length) + "\"}"), List.of(), Map.of("K", "{{ v | urlencode }}"),
          failure -> {
            assertThat(failure.reason()).isEqualTo("TemplateError");
            assertThat(failure.getMessage()).isEqualTo("template for key 'K' renders more than 262144 bytes");
          });
    }
  }

  @Test
  void secretOverTheSizeLimitWithoutTemplatesIsInvalidSecretFormat() {
    List<DataMapping> data = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      data.add(new DataMapping("COPY" + i, null));
    }

    assertFails(text("x".repeat(60_000)), data, Map.of(), failure -> {
      assertThat(failure.reason()).isEqualTo("InvalidSecretFormat");
      assertThat(failure.getMessage()).isEqualTo("the Secret's data exceeds the limit of 524288 bytes");
    });
  }

  @Test
  void workThatProducesNoOutputStillStopsAtTheBudget() {
    RenderBudget budget = new RenderBudget();
    String secret = "{\"w\":\"" + " ".repeat(200_000) + "\"}";

    assertThatThrownBy(() -> SecretRenderer.render(text(secret), List.of(),
        Map.of("K", "{{ w | upper | lower | trim }}".repeat(60)), budget))
        .isInstanceOfSatisfying(RenderFailure.class, failure -> assertThat(failure.getMessage())
            .isEqualTo("rendering this Secret exceeds the limit of 8388608 characters processed"));
    assertThat(budget.workUsed()).isLessThanOrEqualTo(RenderLimits.MAX_WORK_CHARS);
  }

  @Test
  void moreTemplateKeysThanTheCrdAllowsAreRefusedByTheRendererToo() {
    Map<String, String> templates = new java.util.TreeMap<>();
    for (int i = 0; i <= 32; i++) {
      templates.put("K" + i, "x");
    }

    assertFails(text("{}"), List.of(), templates,
        failure -> assertThat(failure.getMessage()).isEqualTo("more than 32 template keys"));
  }

  @Test
  void templateErrorsComeBeforeSizeLimitsWhateverTheValues() {
    // A size failure depends on lengths; a template error must not be hidden or shown depending on them.
    assertFails(text("{\"v\":\"" + "%".repeat(250_000) + "\"}"), List.of(),
        new java.util.LinkedHashMap<>(Map.of("A", "{{ v | urlencode }}", "B", "{% if v %}")),
        failure -> assertThat(failure.getMessage()).contains("key 'B'", "tag {% if %}"));
  }
}
