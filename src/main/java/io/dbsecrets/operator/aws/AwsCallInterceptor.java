package io.dbsecrets.operator.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Reports each finished SDK call, as sent over the wire, to an {@link AwsCallListener}. */
final class AwsCallInterceptor implements ExecutionInterceptor {
  private final AwsCallListener listener;

  AwsCallInterceptor(AwsCallListener listener) {
    this.listener = listener;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    listener.onCall(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable e = context.exception();
    String outcome = e instanceof AwsServiceException s && s.awsErrorDetails() != null
        ? s.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
    listener.onCall(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), outcome);
  }
}
