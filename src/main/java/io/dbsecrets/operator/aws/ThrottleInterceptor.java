package io.dbsecrets.operator.aws;

import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Holds back the requests of one client (one region and identity) while AWS throttles it, as {@link ThrottlePause}
 * decides: a held request fails at once with {@link HeldBackByThrottling} instead of going to AWS, SDK retries
 * included, so the operator as a whole slows down rather than each resource retrying on its own.
 */
final class ThrottleInterceptor implements ExecutionInterceptor {
  /** The error codes with which AWS says "too many requests" (x-amzn-ErrorType). */
  static final Set<String> THROTTLING_CODES = Set.of("ThrottlingException", "Throttling", "TooManyRequestsException",
      "RequestLimitExceeded", "LimitExceededException", "RequestThrottled", "RequestThrottledException",
      "ProvisionedThroughputExceededException", "SlowDown", "PriorRequestNotComplete");
  private static final ExecutionAttribute<Long> SENT_AT = new ExecutionAttribute<>("dbsecrets.sentAt");
  private final ThrottlePause pause;
  private final String region;
  private final LongSupplier nanoTime;

  ThrottleInterceptor(ThrottlePause pause, String region, LongSupplier nanoTime) {
    this.pause = pause;
    this.region = region;
    this.nanoTime = nanoTime;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    long now = nanoTime.getAsLong();
    long wait = pause.admit(now);
    if (wait > 0) {
      HeldBackByThrottling held = new HeldBackByThrottling("AWS is throttling this identity's requests in "
          + region + "; the operator holds them back for another " + Duration.ofNanos(wait).toSeconds() + "s");
      throw SdkClientException.builder().message(held.getMessage()).cause(held).build();
    }
    attributes.putAttribute(SENT_AT, now);
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    long sentAt = attributes.getAttribute(SENT_AT);
    boolean throttled = context.httpResponse().statusCode() == 429 || THROTTLING_CODES.contains(
        AwsCallInterceptor.outcome(context.httpResponse()));
    if (throttled) {
      pause.throttled(sentAt, nanoTime.getAsLong());
    } else {
      pause.answered(sentAt);
    }
  }

  /**
   * Why a request was not sent: AWS throttles its region and identity. The cause of the SdkClientException the SDK
   * sees (which it does not retry, and rebuilds as a plain SdkClientException, keeping only message and cause).
   */
  static final class HeldBackByThrottling extends RuntimeException {
    HeldBackByThrottling(String message) {
      super(message, null, false, false);
    }
  }
}
