package io.dbsecrets.operator.aws;

/** Told about every AWS API call the operator makes, after it ends. */
@FunctionalInterface
public interface AwsCallListener {
  AwsCallListener NONE = (service, operation, outcome) -> {};

  /**
   * @param outcome "success" or the AWS error code / exception class name
   */
  void onCall(String service, String operation, String outcome);
}
