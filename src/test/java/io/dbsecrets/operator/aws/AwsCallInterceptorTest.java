package io.dbsecrets.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpResponse;

class AwsCallInterceptorTest {
  @Test
  void requestOutcomeIsTheErrorCodeAwsNamesWithoutItsNamespace() {
    assertThat(AwsCallInterceptor.outcome(SdkHttpResponse.builder().statusCode(400)
        .putHeader("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral/")
        .build())).isEqualTo("ThrottlingException");
  }

  @Test
  void requestOutcomeIsSuccessForA2xxAnswer() {
    assertThat(AwsCallInterceptor.outcome(SdkHttpResponse.builder().statusCode(200).build())).isEqualTo("success");
  }

  @Test
  void requestOutcomeFallsBackToTheStatusWhenNoCodeOrAnUnusableOneIsGiven() {
    assertThat(AwsCallInterceptor.outcome(SdkHttpResponse.builder().statusCode(403).build())).isEqualTo("http_403");
    assertThat(AwsCallInterceptor.outcome(SdkHttpResponse.builder().statusCode(500)
        .putHeader("x-amzn-ErrorType", "not a code {}").build())).isEqualTo("http_500");
  }
}
