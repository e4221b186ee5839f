package io.dbsecrets.operator.aws;

/**
 * Told about the operator's AWS traffic: each HTTP request the SDK sends (what AWS bills and throttles), and each
 * API operation once it ends, after the SDK's retries.
 */
public interface AwsCallListener {
  AwsCallListener NONE = new AwsCallListener() {
    @Override
    public void onRequest(String service, String operation, String outcome) {}

    @Override
    public void onOperation(String service, String operation, String outcome) {}
  };

  /**
   * One HTTP request (an SDK attempt) and its answer.
   *
   * @param outcome "success", the AWS error code of the answer (from x-amzn-ErrorType), "http_STATUS" when the
   *     answer names none, or "no_response" when the request got no answer (timeout, connection failure)
   */
  void onRequest(String service, String operation, String outcome);

  /**
   * One API operation, however many requests it took.
   *
   * @param outcome "success" or the AWS error code / exception class name it failed with
   */
  void onOperation(String service, String operation, String outcome);
}
