package io.dbsecrets.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsEndpointsTest {
  static final URI OPERATOR = URI.create("http://operator:1");

  @Test
  void serviceVariableBeatsOperatorSettingWhichBeatsGlobalVariable() {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL_STS", "http://sts:2", "AWS_ENDPOINT_URL", "http://all:3");
    assertThat(new AwsEndpoints(env, OPERATOR).forService(AwsEndpoints.STS)).isEqualTo(URI.create("http://sts:2"));
    assertThat(new AwsEndpoints(env, OPERATOR).forService(AwsEndpoints.SECRETS_MANAGER)).isEqualTo(OPERATOR);
    assertThat(new AwsEndpoints(env, null).forService(AwsEndpoints.SECRETS_MANAGER))
        .isEqualTo(URI.create("http://all:3"));
    assertThat(new AwsEndpoints(Map.of(), null).forService(AwsEndpoints.STS)).isNull();
  }

  @Test
  void ignoreConfiguredEndpointUrlsSilencesOnlyTheSdkVariables() {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL_STS", "http://sts:2",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    assertThat(new AwsEndpoints(env, null).forService(AwsEndpoints.STS)).isNull();
    assertThat(new AwsEndpoints(env, OPERATOR).forService(AwsEndpoints.STS)).isEqualTo(OPERATOR);
  }
}
