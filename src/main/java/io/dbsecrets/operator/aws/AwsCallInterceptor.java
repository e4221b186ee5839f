package io.dbsecrets.operator.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Reports to an {@link AwsCallListener} each request as it goes over the wire (every SDK attempt: a throttled
 * operation retried twice is three requests) and each operation when it ends.
 */
final class AwsCallInterceptor implements ExecutionInterceptor {
  /** Set while a request of this execution is on the wire, so one that never got an answer is counted too. */
  private static final ExecutionAttribute<Boolean> AWAITING_ANSWER = new ExecutionAttribute<>("dbsecrets.awaiting");
  private final AwsCallListener listener;

  AwsCallInterceptor(AwsCallListener listener) {
    this.listener = listener;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(AWAITING_ANSWER))) {
      request(attributes, "no_response");
    }
    attributes.putAttribute(AWAITING_ANSWER, true);
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    attributes.putAttribute(AWAITING_ANSWER, false);
    request(attributes, outcome(context.httpResponse()));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    operation(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(AWAITING_ANSWER))) {
      attributes.putAttribute(AWAITING_ANSWER, false);
      request(attributes, "no_response");
    }
    Throwable e = context.exception();
    operation(attributes, e instanceof AwsServiceException s && s.awsErrorDetails() != null
        ? s.awsErrorDetails().errorCode() : e.getClass().getSimpleName());
  }

  /** The error code AWS puts in x-amzn-ErrorType ("ThrottlingException:http://..."), else the HTTP status. */
  static String outcome(SdkHttpResponse response) {
    if (response.isSuccessful()) {
      return "success";
    }
    return response.firstMatchingHeader("x-amzn-ErrorType")
        .map(type -> type.contains(":") ? type.substring(0, type.indexOf(':')) : type)
        .filter(type -> type.matches("[A-Za-z0-9.]{1,64}"))
        .orElse("http_" + response.statusCode());
  }

  private void request(ExecutionAttributes attributes, String outcome) {
    listener.onRequest(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), outcome);
  }

  private void operation(ExecutionAttributes attributes, String outcome) {
    listener.onOperation(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), outcome);
  }
}
