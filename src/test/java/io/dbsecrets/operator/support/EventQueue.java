package io.dbsecrets.operator.support;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS queue on moto with an EventBridge rule sending Secrets Manager events to it, set up as the README's
 * CloudFormation does: events reach the queue through moto's EventBridge, in the envelope AWS delivers.
 */
public final class EventQueue implements AutoCloseable {
  private static final String PATTERN = "{\"source\":[\"aws.secretsmanager\"]}";
  private final SqsClient sqs;
  private final EventBridgeClient events;
  private final String url;
  private final String rule;

  public EventQueue(URI motoEndpoint) {
    StaticCredentialsProvider admin = StaticCredentialsProvider.create(AwsBasicCredentials.create("admin", "admin"));
    this.sqs = SqsClient.builder().endpointOverride(motoEndpoint).region(Region.of(MotoServer.REGION))
        .credentialsProvider(admin).build();
    this.events = EventBridgeClient.builder().endpointOverride(motoEndpoint).region(Region.of(MotoServer.REGION))
        .credentialsProvider(admin).build();
    String name = "dbsecrets-events-" + UUID.randomUUID().toString().substring(0, 8);
    this.url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
    String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    this.rule = name;
    events.putRule(b -> b.name(name).eventPattern(PATTERN));
    events.putTargets(b -> b.rule(name).targets(t -> t.id("queue").arn(arn)));
  }

  public String url() {
    return url;
  }

  /** Secrets Manager's native event after a rotation or put-secret-value moved AWSCURRENT to {@code versionId}. */
  public void labelUpdated(String arn, String name, String versionId) {
    PutEventsResponse response = events.putEvents(b -> b.entries(e -> e.source("aws.secretsmanager")
        .detailType("Secret Label Updated").resources(arn)
        .detail("{\"name\":\"" + name + "\",\"labelUpdated\":\"AWSCURRENT\",\"versionId\":\"" + versionId + "\"}")));
    if (response.failedEntryCount() > 0) {
      throw new IllegalStateException("EventBridge refused the event: " + response.entries());
    }
  }

  /**
   * CloudTrail's record of a Secrets Manager API call, as EventBridge delivers it where the account routes
   * CloudTrail management events ({@code eventName} DeleteSecret, RestoreSecret, PutSecretValue, ...).
   *
   * @param versionId the new version for PutSecretValue/UpdateSecret, else null
   */
  public void apiCall(String eventName, String secretId, String arn, String versionId) {
    String response = "{\"aRN\":\"" + arn + "\"" + (versionId == null ? "" : ",\"versionId\":\"" + versionId + "\"")
        + "}";
    String detail = "{\"eventSource\":\"secretsmanager.amazonaws.com\",\"eventName\":\"" + eventName
        + "\",\"awsRegion\":\"" + MotoServer.REGION + "\",\"requestParameters\":{\"secretId\":\"" + secretId
        + "\"},\"responseElements\":" + response + "}";
    PutEventsResponse sent = events.putEvents(b -> b.entries(e -> e.source("aws.secretsmanager")
        .detailType("AWS API Call via CloudTrail").detail(detail)));
    if (sent.failedEntryCount() > 0) {
      throw new IllegalStateException("EventBridge refused the event: " + sent.entries());
    }
  }

  /** A message put on the queue directly, as anything with send rights could. */
  public void send(String body) {
    sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
  }

  /** Messages on the queue, waiting or taken and not yet deleted. */
  public int messages() {
    Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  @Override
  public void close() {
    // a rule left pointing at a deleted queue makes moto refuse every later event
    events.removeTargets(b -> b.rule(rule).ids("queue"));
    events.deleteRule(b -> b.name(rule));
    sqs.deleteQueue(b -> b.queueUrl(url));
    sqs.close();
    events.close();
  }
}
