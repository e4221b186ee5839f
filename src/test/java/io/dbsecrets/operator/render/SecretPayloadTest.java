package io.dbsecrets.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.aws.SecretValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretPayloadTest {
  @Test
  void jsonSecretStartingWithAUtf8ByteOrderMarkBecomesItsFields() throws RenderFailure {
    SecretValue value = SecretRendererTest.text("\uFEFF{\"username\":\"app_user\",\"password\":\"pw\"}");

    SecretData all = SecretRenderer.render(value, List.of(), Map.of());
    SecretData mapped = SecretRenderer.render(value, List.of(new DataMapping("DB_PASSWORD", "password")), Map.of());

    assertThat(all.keys()).containsExactlyInAnyOrder("username", "password");
    assertThat(mapped.utf8("DB_PASSWORD")).isEqualTo("pw");
  }

  @Test
  void plainStringWithAByteOrderMarkKeepsItByteForByte() throws RenderFailure {
    SecretData data = SecretRenderer.render(SecretRendererTest.text("\uFEFFs3cr3t"), List.of(), Map.of());

    assertThat(data.utf8("value")).isEqualTo("\uFEFFs3cr3t");
  }
}
