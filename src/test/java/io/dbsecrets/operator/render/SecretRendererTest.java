package io.dbsecrets.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.aws.SecretValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SecretRendererTest {
  static final String PASSWORD = "p@ss w0rd/+";
  static final String RDS_JSON = "{\"username\":\"app_user\",\"password\":\"" + PASSWORD + "\",\"engine\":\"postgres\","
      + "\"host\":\"db.example.internal\",\"port\":5432,\"dbname\":\"momentum\",\"dbInstanceIdentifier\":\"momentum-db\"}";
  static final List<String> RDS_VALUES = List.of("app_user", PASSWORD, "postgres", "db.example.internal", "5432",
      "momentum", "momentum-db");

  @Test
  void rdsManagedJsonBecomesOneKeyPerFieldWithPortAsNumberText() throws RenderFailure {
    SecretData data = render(text(RDS_JSON));

    assertThat(data.keys()).containsExactlyInAnyOrder("username", "password", "engine", "host", "port", "dbname",
        "dbInstanceIdentifier");
    assertThat(data.utf8("password")).isEqualTo(PASSWORD);
    assertThat(data.utf8("port")).isEqualTo("5432");
    assertThat(data.utf8("dbInstanceIdentifier")).isEqualTo("momentum-db");
  }

  @Test
  void plainKeyValueJsonBecomesItsOwnKeys() throws RenderFailure {
    String url = "jdbc:postgresql://db.example.internal:5432/momentum?user=app_user&password=secret";

    SecretData data = render(text("{\"DB_CONNECTION_STRING\": \"" + url + "\"}"));

    assertThat(data.keys()).containsExactly("DB_CONNECTION_STRING");
    assertThat(data.utf8("DB_CONNECTION_STRING")).isEqualTo(url);
  }

  @Test
  void plainStringSecretBecomesTheKeyValue() throws RenderFailure {
    SecretData data = render(text("  s3cr3t, not JSON\n"));

    assertThat(data.keys()).containsExactly("value");
    assertThat(data.utf8("value")).isEqualTo("  s3cr3t, not JSON\n");
  }

  @Test
  void stringThatOnlyLooksLikeJsonIsStillAPlainSecret() throws RenderFailure {
    assertThat(render(text("{not json")).utf8("value")).isEqualTo("{not json");
    assertThat(render(text("[\"a\",\"b\"]")).utf8("value")).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void binarySecretBecomesTheKeyValueByteForByte() throws RenderFailure {
    byte[] bytes = {0, (byte) 0xff, 0x10, (byte) 0xc3};

    SecretData data = render(binary(bytes));

    assertThat(data.keys()).containsExactly("value");
    assertThat(data.entries().get("value")).containsExactly(bytes);
  }

  @Test
  void explicitDataKeysTakeOnlyTheNamedProperties() throws RenderFailure {
    SecretData data = SecretRenderer.render(text(RDS_JSON),
        List.of(new DataMapping("DB_PASSWORD", "password"), new DataMapping("DB_PORT", "port")), Map.of());

    assertThat(data.keys()).containsExactly("DB_PASSWORD", "DB_PORT");
    assertThat(data.utf8("DB_PASSWORD")).isEqualTo(PASSWORD);
    assertThat(data.utf8("DB_PORT")).isEqualTo("5432");
  }

  @Test
  void nestedPropertiesAreReadByDottedPathAndArrayIndex() throws RenderFailure {
    String json = "{\"db\":{\"host\":\"primary.internal\",\"port\":6432},\"hosts\":[\"a.internal\",\"b.internal\"]}";

    SecretData data = SecretRenderer.render(text(json), List.of(new DataMapping("HOST", "db.host"),
        new DataMapping("PORT", "db.port"), new DataMapping("FIRST", "hosts.0"), new DataMapping("SECOND", "hosts.1")),
        Map.of());

    assertThat(data.utf8("HOST")).isEqualTo("primary.internal");
    assertThat(data.utf8("PORT")).isEqualTo("6432");
    assertThat(data.utf8("FIRST")).isEqualTo("a.internal");
    assertThat(data.utf8("SECOND")).isEqualTo("b.internal");
  }

  @Test
  void topLevelPropertyWhoseNameHasADotIsReadAsIs() throws RenderFailure {
    String json = "{\"db.host\":\"top-level\",\"db\":{\"host\":\"nested\"}}";

    SecretData data = SecretRenderer.render(text(json), List.of(new DataMapping("HOST", "db.host")), Map.of());

    assertThat(data.utf8("HOST")).isEqualTo("top-level");
  }

  @Test
  void dataKeyWithoutPropertyTakesTheWholeSecret() throws RenderFailure {
    SecretData data = SecretRenderer.render(text("plain-token"), List.of(new DataMapping("TOKEN", null)), Map.of());

    assertThat(data.keys()).containsExactly("TOKEN");
    assertThat(data.utf8("TOKEN")).isEqualTo("plain-token");
  }

  @Test
  void missingPropertyNamesTheAvailableFieldsButNoValue() {
    assertFails(text(RDS_JSON), List.of(new DataMapping("DB_PASSWORD", "passwd")), Map.of(), failure -> {
      assertThat(failure.reason()).isEqualTo("PropertyNotFound");
      assertThat(failure.getMessage()).contains("passwd", "username", "password", "host", "port", "dbname",
          "dbInstanceIdentifier");
      assertNoneOf(RDS_VALUES, failure.getMessage());
    });
  }

  @Test
  void arrayIndexOutOfRangeIsPropertyNotFound() {
    assertFails(text("{\"hosts\":[\"a.internal\"]}"), List.of(new DataMapping("H", "hosts.3")), Map.of(),
        failure -> assertThat(failure.reason()).isEqualTo("PropertyNotFound"));
  }

  @Test
  void arrayIndexBeyondAnyArrayIsPropertyNotFound() {
    assertFails(text("{\"hosts\":[\"a.internal\"]}"), List.of(new DataMapping("H", "hosts.99999999999")), Map.of(),
        failure -> assertThat(failure.reason()).isEqualTo("PropertyNotFound"));
  }

  @Test
  void propertyOfANonJsonSecretIsInvalidSecretFormat() {
    assertFails(text("hunter2-plain"), List.of(new DataMapping("DB_PASSWORD", "password")), Map.of(), failure -> {
      assertThat(failure.reason()).isEqualTo("InvalidSecretFormat");
      assertThat(failure.getMessage()).contains("password").doesNotContain("hunter2-plain");
    });
  }

  @Test
  void rendersJdbcUrlWithUrlEncodedPassword() throws RenderFailure {
    SecretData data = SecretRenderer.render(text(RDS_JSON), List.of(), Map.of("DB_CONNECTION_STRING",
        "jdbc:postgresql://{{ host }}:{{ port }}/{{ dbname }}?user={{ username }}&password={{ password | urlencode }}"));

    assertThat(data.keys()).containsExactly("DB_CONNECTION_STRING");
    assertThat(data.utf8("DB_CONNECTION_STRING")).isEqualTo(
        "jdbc:postgresql://db.example.internal:5432/momentum?user=app_user&password=p%40ss+w0rd%2F%2B");
  }

  @Test
  void templateOverAPlainStringSeesItAsValue() throws RenderFailure {
    SecretData data = SecretRenderer.render(text("tok3n"), List.of(), Map.of("AUTH", "Bearer {{ value }}"));

    assertThat(data.utf8("AUTH")).isEqualTo("Bearer tok3n");
  }

  @Test
  void templateKeysAndDataKeysAreWrittenTogether() throws RenderFailure {
    SecretData data = SecretRenderer.render(text(RDS_JSON), List.of(new DataMapping("DB_USER", "username")),
        Map.of("DB_HOST_PORT", "{{ host }}:{{ port }}"));

    assertThat(data.keys()).containsExactly("DB_HOST_PORT", "DB_USER");
    assertThat(data.utf8("DB_HOST_PORT")).isEqualTo("db.example.internal:5432");
  }

  @Test
  void templateTypoIsATemplateErrorNotAnEmptyValue() {
    assertFails(text(RDS_JSON), List.of(), Map.of("URL", "postgres://{{ hostt }}:{{ port }}"), failure -> {
      assertThat(failure.reason()).isEqualTo("TemplateError");
      assertThat(failure.getMessage()).contains("URL", "hostt");
      assertNoneOf(RDS_VALUES, failure.getMessage());
    });
  }

  @Test
  void filtersThatParseTheirInputAreRejectedBeforeAnyValueIsRead() {
    // date, slice, numberformat, base64decode fail on some inputs and not others: a status oracle on the value.
    for (String filter : List.of("date('yyyy', existingFormat='yyyy-MM-dd')", "slice(0, 8)", "numberformat('#')",
        "base64decode", "abs", "first", "length")) {
      assertFails(text(RDS_JSON), List.of(), Map.of("X", "{{ password | " + filter + " }}"), failure -> {
        assertThat(failure.reason()).isEqualTo("TemplateError");
        assertThat(failure.getMessage()).contains("line 1, column 1", "is not supported");
        assertNoneOf(RDS_VALUES, failure.getMessage());
      });
    }
  }

  @Test
  void branchingOnAValueIsRefusedWithTheSameMessageWhateverTheValue() {
    // issue 10: the first unknown variable, chosen by the password's first character, came back in the status
    String attack = "{% if (password | slice(0,1)) == \"A\" %}{{ q_aa }}{% elseif (password | slice(0,1)) == \"B\" %}"
        + "{{ q_bb }}{% endif %}";
    List<String> messages = new java.util.ArrayList<>();
    for (String password : List.of("Apple-1", "Banana-2")) {
      assertFails(text("{\"password\":\"" + password + "\"}"), List.of(), Map.of("X", attack),
          failure -> messages.add(failure.getMessage()));
    }

    assertThat(messages).hasSize(2).allMatch(m -> m.equals(messages.get(0)));
    assertThat(messages.get(0)).contains("line 1, column 1", "tag {% if %} is not supported");
  }

  @Test
  void missingFieldMessageIsTheSameWhateverTheValues() {
    List<String> messages = new java.util.ArrayList<>();
    for (String json : List.of("{\"user\":\"fzuser\",\"password\":\"a\"}", "{\"user\":\"other\",\"password\":\"zz\"}")) {
      assertFails(text(json), List.of(), Map.of("X", "{{ user }}{{ guess_fzuser_end }}"),
          failure -> messages.add(failure.getMessage()));
    }

    assertThat(messages.get(0)).isEqualTo(messages.get(1)).isEqualTo("template for key 'X', line 1, column 11: "
        + "the secret has no field 'guess_fzuser_end' (it has: user, password); to allow a missing field write "
        + "{{ guess_fzuser_end | default(\"...\") }}");
  }

  @Test
  void templateOverABinarySecretIsInvalidSecretFormat() {
    assertFails(binary(new byte[] {1, 2, 3}), List.of(), Map.of("X", "{{ value }}"),
        failure -> assertThat(failure.reason()).isEqualTo("InvalidSecretFormat"));
  }

  @Test
  void jsonFieldNameThatIsNotASecretKeyIsInvalidSecretKey() {
    assertFails(text("{\"bad key!\":\"hunter2\"}"), List.of(), Map.of(), failure -> {
      assertThat(failure.reason()).isEqualTo("InvalidSecretKey");
      assertThat(failure.getMessage()).contains("bad key!").doesNotContain("hunter2");
    });
  }

  @Test
  void dataKeyThatIsNotASecretKeyIsInvalidSecretKey() {
    assertFails(text(RDS_JSON), List.of(new DataMapping("db password", "password")), Map.of(),
        failure -> assertThat(failure.reason()).isEqualTo("InvalidSecretKey"));
  }

  @Test
  void keyDefinedInBothDataAndTemplateIsRejected() {
    assertFails(text(RDS_JSON), List.of(new DataMapping("DB_PASSWORD", "password")),
        Map.of("DB_PASSWORD", "{{ password }}"), failure -> {
          assertThat(failure.reason()).isEqualTo("InvalidSecretKey");
          assertThat(failure.getMessage()).contains("DB_PASSWORD", "twice");
        });
  }

  @Test
  void nonStringJsonValuesBecomeTheirJsonTextAndNullBecomesEmpty() throws RenderFailure {
    String json = "{\"port\":5432,\"ssl\":true,\"ratio\":0.5,\"big\":12345678901234567890,"
        + "\"opts\":{\"a\":1,\"b\":\"x\"},\"hosts\":[\"a\",\"b\"],\"none\":null}";

    SecretData data = render(text(json));

    assertThat(data.utf8("port")).isEqualTo("5432");
    assertThat(data.utf8("ssl")).isEqualTo("true");
    assertThat(data.utf8("ratio")).isEqualTo("0.5");
    assertThat(data.utf8("big")).isEqualTo("12345678901234567890");
    assertThat(data.utf8("opts")).isEqualTo("{\"a\":1,\"b\":\"x\"}");
    assertThat(data.utf8("hosts")).isEqualTo("[\"a\",\"b\"]");
    assertThat(data.utf8("none")).isEmpty();
  }

  @Test
  void decimalNumbersKeepTheirWrittenDigits() throws RenderFailure {
    String json = "{\"version\":1.10,\"rate\":-2.50,\"precise\":0.1000000000000000055511151231257827,"
        + "\"opts\":{\"timeout\":1.50}}";

    SecretData data = render(text(json));

    assertThat(data.utf8("version")).isEqualTo("1.10");
    assertThat(data.utf8("rate")).isEqualTo("-2.50");
    assertThat(data.utf8("precise")).isEqualTo("0.1000000000000000055511151231257827");
    assertThat(data.utf8("opts")).isEqualTo("{\"timeout\":1.50}");
    assertThat(SecretRenderer.render(text(json), List.of(), Map.of("V", "v{{ version }}")).utf8("V"))
        .isEqualTo("v1.10");
  }

  @Test
  void nullJsonFieldDoesNotBreakTemplateErrorReporting() {
    assertFails(text("{\"password\":\"hunter2\",\"note\":null}"), List.of(), Map.of("X", "{{ missing }}"),
        failure -> assertThat(failure.getMessage()).contains("missing").doesNotContain("hunter2"));
  }

  @Test
  void renderedDataDoesNotPrintValues() throws RenderFailure {
    assertThat(render(text(RDS_JSON)).toString()).doesNotContain(PASSWORD);
  }

  static SecretValue text(String secretString) {
    return SecretValue.ofString("arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/fcj/momentum-AbCdEf",
        "dev/fcj/momentum", "v1", List.of("AWSCURRENT"), secretString);
  }

  static SecretValue binary(byte[] bytes) {
    return new SecretValue("arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/bin-AbCdEf", "dev/bin", "v1",
        List.of("AWSCURRENT"), null, bytes);
  }

  static SecretData render(SecretValue value) throws RenderFailure {
    return SecretRenderer.render(value, List.of(), Map.of());
  }

  static void assertFails(SecretValue value, List<DataMapping> data, Map<String, String> template,
                          Consumer<RenderFailure> check) {
    assertThatThrownBy(() -> SecretRenderer.render(value, data, new LinkedHashMap<>(template)))
        .isInstanceOfSatisfying(RenderFailure.class, check);
  }

  static void assertNoneOf(List<String> values, String message) {
    values.forEach(v -> assertThat(message).as("message must not contain a secret value").doesNotContain(v));
  }
}
