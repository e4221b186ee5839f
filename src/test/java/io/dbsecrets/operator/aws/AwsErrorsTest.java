package io.dbsecrets.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

class AwsErrorsTest {
  static final String SECRET = "dev/fcj/momentum";

  @ParameterizedTest(name = "{0} is {2}")
  @CsvSource(delimiter = '|', value = {
      "ResourceNotFoundException | Secrets Manager can't find the specified secret. | SecretNotFound",
      "AccessDeniedException | User is not authorized to perform: secretsmanager:GetSecretValue | AccessDenied",
      "ExpiredTokenException | The security token included in the request is expired | AccessDenied",
      "DecryptionFailure | Secrets Manager can't decrypt the protected secret text using the provided KMS key. "
          + "| DecryptionFailure",
      "KMSAccessDeniedException | KMS denied | DecryptionFailure",
      "ThrottlingException | Rate exceeded | Throttled",
      "InvalidRequestException | You can't perform this operation on the secret because it was marked for deletion. "
          + "| SecretDeleted",
      "InvalidRequestException | You tried to perform the operation on a secret that's currently marked deleted. "
          + "| SecretDeleted",
      "InvalidRequestException | You provided a parameter value that is not valid for the current state. "
          + "| InvalidRequest",
      "InvalidParameterException | The parameter name or value is invalid. | InvalidRequest",
      "InternalServiceError | An error occurred on the server side. | AwsError"})
  void errorCodeGivesTheConditionReason(String code, String message, FailureReason reason) {
    assertThat(AwsErrors.reasonForCode(code, message, false)).isEqualTo(reason);

    FetchFailure failure = AwsErrors.classify("GetSecretValue", SECRET, "eu-west-1", serviceError(400, code, message));

    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure.getMessage()).contains("GetSecretValue", SECRET, "eu-west-1", code);
  }

  @Test
  void throttlingSignalledOnlyByTheSdkIsThrottled() {
    assertThat(AwsErrors.reasonForCode("SlowDown", null, true)).isEqualTo(FailureReason.Throttled);
    assertThat(AwsErrors.classify("GetSecretValue", SECRET, "us-east-1", serviceError(429, "Whatever", "")).reason())
        .isEqualTo(FailureReason.Throttled);
  }

  @Test
  void throttlingAndTimeoutsAreRetriedSoonerThanAccessDenied() {
    assertThat(FailureReason.Throttled.isTransient()).isTrue();
    assertThat(FailureReason.Timeout.isTransient()).isTrue();
    assertThat(FailureReason.AccessDenied.isTransient()).isFalse();
    assertThat(FailureReason.SecretNotFound.isTransient()).isFalse();
  }

  @Test
  void apiCallTimeoutIsTimeout() {
    FetchFailure failure = AwsErrors.classify("GetSecretValue", SECRET, "us-east-1",
        ApiCallTimeoutException.builder().message("Client execution did not complete before the timeout").build());

    assertThat(failure.reason()).isEqualTo(FailureReason.Timeout);
    assertThat(failure.getMessage()).contains(SECRET);
  }

  @Test
  void attemptTimeoutAndNetworkFailureAreTimeout() {
    assertThat(AwsErrors.classify("GetSecretValue", SECRET, "us-east-1",
        ApiCallAttemptTimeoutException.builder().message("attempt").build()).reason())
        .isEqualTo(FailureReason.Timeout);
    assertThat(AwsErrors.classify("GetSecretValue", SECRET, "us-east-1", SdkClientException.builder()
        .message("Unable to execute HTTP request").cause(new SocketTimeoutException("Read timed out")).build())
        .reason()).isEqualTo(FailureReason.Timeout);
    assertThat(AwsErrors.classify("GetSecretValue", SECRET, "us-east-1", SdkClientException.builder()
        .message("Unable to execute HTTP request").cause(new IOException("Connection reset")).build())
        .reason()).isEqualTo(FailureReason.Timeout);
  }

  @Test
  void missingCredentialsIsAccessDenied() {
    FetchFailure failure = AwsErrors.classify("GetSecretValue", SECRET, "us-east-1", SdkClientException.builder()
        .message("Unable to load credentials from any of the providers in the chain").build());

    assertThat(failure.reason()).isEqualTo(FailureReason.AccessDenied);
    assertThat(failure.getMessage()).contains("credentials");
  }

  @Test
  void unknownClientErrorIsAnAwsError() {
    assertThat(AwsErrors.classify("GetSecretValue", SECRET, "us-east-1",
        SdkClientException.builder().message("something odd").build()).reason()).isEqualTo(FailureReason.AwsError);
  }

  static SecretsManagerException serviceError(int status, String code, String message) {
    return (SecretsManagerException) SecretsManagerException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("SecretsManager")
            .build())
        .message(message)
        .build();
  }
}
