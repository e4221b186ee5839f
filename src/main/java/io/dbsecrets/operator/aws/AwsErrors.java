package io.dbsecrets.operator.aws;

import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns an AWS SDK exception into a {@link FetchFailure} with a reason and a message free of secret material. */
public final class AwsErrors {
  private static final Set<String> ACCESS_DENIED = Set.of("AccessDeniedException", "AccessDenied",
      "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken",
      "InvalidIdentityToken", "IDPRejectedClaim", "SignatureDoesNotMatch", "IncompleteSignature");
  private static final Set<String> THROTTLED = Set.of("ThrottlingException", "Throttling", "TooManyRequestsException",
      "RequestLimitExceeded", "LimitExceededException");

  private AwsErrors() {}

  public static FetchFailure classify(String operation, String secretId, String region, SdkException e) {
    String where = operation + " for '" + secretId + "' in " + region + " failed: ";
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "Unknown" : service.awsErrorDetails().errorCode();
      String message = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorMessage();
      return new FetchFailure(reasonForCode(code, message, service.isThrottlingException()),
          where + code + (message == null || message.isBlank() ? "" : " (" + message + ")"));
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ThrottleInterceptor.HeldBackByThrottling held) {
        return new FetchFailure(FailureReason.Throttled, where + held.getMessage());
      }
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException || isIoFailure(e)) {
      return new FetchFailure(FailureReason.Timeout, where + "no answer from AWS (" + e.getClass().getSimpleName() + ")");
    }
    if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
      return new FetchFailure(FailureReason.AccessDenied, where + "no AWS credentials could be loaded: " + e.getMessage());
    }
    return new FetchFailure(FailureReason.AwsError, where + e.getClass().getSimpleName());
  }

  /**
   * A read of a secret scheduled for deletion: AWS says "it was marked for deletion", moto "currently marked
   * deleted". Either way it is the secret's state, not a bad request: DescribeSecret then tells a deletion from a
   * restore that came between the two calls (a restored secret is retried soon, not reported as a bad request).
   */
  private static final Pattern MARKED_DELETED =
      Pattern.compile("marked (for )?delet");

  static FailureReason reasonForCode(String code, String message, boolean throttling) {
    if ("ResourceNotFoundException".equals(code)) {
      return FailureReason.SecretNotFound;
    }
    if ("InvalidRequestException".equals(code) && message != null && MARKED_DELETED.matcher(message).find()) {
      return FailureReason.SecretDeleted;
    }
    if (ACCESS_DENIED.contains(code)) {
      return FailureReason.AccessDenied;
    }
    if (code != null && code.startsWith("DecryptionFailure") || code != null && code.startsWith("KMS")) {
      return FailureReason.DecryptionFailure;
    }
    if (throttling || THROTTLED.contains(code)) {
      return FailureReason.Throttled;
    }
    if ("InvalidParameterException".equals(code) || "InvalidRequestException".equals(code)
        || "ValidationException".equals(code)) {
      return FailureReason.InvalidRequest;
    }
    return FailureReason.AwsError;
  }

  private static boolean isIoFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }
}
