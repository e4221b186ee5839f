package io.dbsecrets.operator.render;

import static io.dbsecrets.operator.render.SecretRendererTest.RDS_JSON;
import static io.dbsecrets.operator.render.SecretRendererTest.assertFails;
import static io.dbsecrets.operator.render.SecretRendererTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The template language: what it renders, and what it refuses before reading the secret. */
class TemplateLanguageTest {
  static final String NESTED = "{\"db\":{\"host\":\"primary.internal\",\"port\":6432},\"hosts\":[\"a.internal\",\"b\"],"
      + "\"password\":\" p@ss w0rd \",\"empty\":\"\",\"nothing\":null,\"ratio\":1.50,\"opts\":{\"ssl\":true},"
      + "\"replicas\":[{\"host\":\"r0.internal\"}]}";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
      "{{ db.host }}:{{ db.port }} => primary.internal:6432",
      "{{ db['host'] }} => primary.internal",
      "{{ hosts[1] }} => b",
      "{{ replicas[0].host }}:{{ db.port | default('5432') }} => r0.internal:6432",
      "{{ password | urlencode }} => +p%40ss+w0rd+",
      "{{ password | trim | upper }} => P@SS W0RD",
      "{{ password | trim | lower | base64encode }} => cEBzcyB3MHJk",
      "{{ missing | default('none') }} => none",
      "{{ empty | default('x') }}|{{ nothing | default('y') }} => x|y",
      "{{ nothing }}.{{ ratio }}.{{ opts }} => .1.50.{\"ssl\":true}",
      "{{ \"{{ literal }}\" | upper }} => {{ LITERAL }}",
      "a{# a comment #}b {{- db.port -}} c => ab6432c",
  })
  void rendersSubstitutionsAndFilters(String template, String expected) throws RenderFailure {
    SecretData data = SecretRenderer.render(text(NESTED), List.of(), Map.of("K", template.strip()));

    assertThat(data.utf8("K")).isEqualTo(expected.strip());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
      "x{% for i in range(0, 2000000000) %}x{% endfor %} => line 1, column 2: tag {% for %} is not supported",
      "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }} => line 1, column 1: tag {% macro %} is not supported",
      "`a\nb {%- if password == \"x\" %}y{% endif %}` => line 2, column 3: tag {% if %} is not supported",
      "{% set x = 1 %} => tag {% set %} is not supported",
      "{% include 'other' %} => tag {% include %} is not supported",
      "{{ range(0, 5) }} => line 1, column 1: function or macro call 'range()' is not supported",
      "ok {{ password | slice(0,1) }} => line 1, column 4: filter 'slice' is not supported",
      "{{ password.substring(0, 1) }} => line 1, column 1: method calls are not supported",
      "{{ password == 'A' ? 'x' : 'y' }} => line 1: it does not parse",
      "{{ 0..5 }} => line 1: it does not parse",
      "{{ username ~ password }} => line 1: it does not parse",
      "{{ [password] }} => line 1, column 1: 'Array' is not supported",
      "{{ 42 }} => line 1, column 1: a number literal (write it as text outside {{ }}) is not supported",
      "{{ db[port] }} => line 1, column 1: a field path may only use names",
      "{{ \"#{ password }\" }} => line 1, column 4: string interpolation #{ } is not supported",
      "{{ password | default(username) }} => line 1, column 1: the argument of filter 'default' must be a string literal",
      "{{ password | urlencode('x') }} => filter 'urlencode' takes no arguments",
      "{{ password | a | b | c | d | e }} => filter 'a' is not supported",
      "{{ password | upper | upper | upper | upper | upper }} => more than 4 filters in one expression",
      "{{ ((((((password)))))) }} => line 1, column 8: brackets nested deeper than 4",
      "{{ password => line 1, column 1: the expression {{ is never closed",
      "{# never closed => line 1, column 1: the comment {# is never closed",
      "{{ 'unclosed }} => line 1, column 4: the string is never closed",
      "{{ password) }} => line 1, column 12: ')' closes a bracket that was never opened",
  })
  void refusesEverythingButSubstitutionAtParseTime(String template, String expected) {
    assertFails(text(RDS_JSON), List.of(), Map.of("K", template.strip()), failure -> {
      assertThat(failure.reason()).isEqualTo("TemplateError");
      assertThat(failure.getMessage()).startsWith("template for key 'K'").contains(expected.strip());
    });
  }

  @Test
  void refusesATemplateLongerThanTheLimitWhateverItHolds() {
    String template = "x".repeat(RenderLimits.MAX_TEMPLATE_CHARS + 1);

    assertFails(text(RDS_JSON), List.of(), Map.of("K", template),
        failure -> assertThat(failure.getMessage()).isEqualTo("template for key 'K' is longer than 4096 characters"));
  }

  @Test
  void refusesMoreExpressionsThanTheLimit() {
    String template = "{{ host }}".repeat(RenderLimits.MAX_EXPRESSIONS + 1);

    assertFails(text(RDS_JSON), List.of(), Map.of("K", template), failure -> assertThat(failure.getMessage())
        .isEqualTo("template for key 'K', line 1, column 641: more than 64 {{ }} expressions in one template"));
  }

  @Test
  void refusesALongExpression() {
    String template = "{{ host | default('" + "x".repeat(RenderLimits.MAX_EXPRESSION_CHARS) + "') }}";

    assertFails(text(RDS_JSON), List.of(), Map.of("K", template), failure -> assertThat(failure.getMessage())
        .contains("line 1, column 1: expression longer than 256 characters"));
  }

  @Test
  void aTemplateErrorIsReportedEvenWhenTheSecretIsBinary() {
    // the template alone decides: its errors come before anything about the secret
    assertFails(SecretRendererTest.binary(new byte[] {1}), List.of(), Map.of("K", "{% if x %}"),
        failure -> assertThat(failure.getMessage()).contains("tag {% if %} is not supported"));
  }
}
