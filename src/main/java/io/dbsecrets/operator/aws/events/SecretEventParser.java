package io.dbsecrets.operator.aws.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbsecrets.operator.aws.events.EventParse.Parsed;
import io.dbsecrets.operator.aws.events.EventParse.Rejected;
import io.dbsecrets.operator.aws.events.EventParse.Why;
import java.util.Map;

/**
 * Reads an SQS message body as EventBridge delivers it (the event itself, as JSON) into a {@link SecretEvent}:
 * Secrets Manager's native "Secret Label Updated", or a CloudTrail "AWS API Call via CloudTrail" event for one of
 * the calls that change what a secret holds or whether it exists. Anything else is a {@link Rejected}, never an
 * exception. Pure.
 */
public final class SecretEventParser {
  static final int MAX_BODY_CHARS = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE = "aws.secretsmanager";
  private static final String LABEL_UPDATED = "Secret Label Updated";
  private static final String CLOUDTRAIL = "AWS API Call via CloudTrail";
  private static final Map<String, SecretEvent.Kind> CALLS = Map.of(
      "DeleteSecret", SecretEvent.Kind.DELETED,
      "RestoreSecret", SecretEvent.Kind.RESTORED,
      "PutSecretValue", SecretEvent.Kind.VALUE_PUT,
      "UpdateSecret", SecretEvent.Kind.UPDATED,
      "UpdateSecretVersionStage", SecretEvent.Kind.STAGE_MOVED);

  private SecretEventParser() {}

  public static EventParse parse(String body) {
    if (body == null || body.isBlank()) {
      return new Rejected(Why.MALFORMED, "empty message body");
    }
    if (body.length() > MAX_BODY_CHARS) {
      // SQS itself caps a message at 256 KiB; anything longer did not come from EventBridge
      return new Rejected(Why.MALFORMED, "message body longer than " + MAX_BODY_CHARS + " characters");
    }
    JsonNode event;
    try {
      event = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return new Rejected(Why.MALFORMED, "message body is not JSON");
    }
    if (event == null || !event.isObject() || !event.path("detail-type").isTextual()
        || !event.path("source").isTextual()) {
      return new Rejected(Why.MALFORMED, "not an EventBridge event (no source or detail-type)");
    }
    if (!SOURCE.equals(event.path("source").asText())) {
      return new Rejected(Why.UNRELATED, "event from " + bounded(event.path("source").asText()));
    }
    String region = text(event, "region");
    if (region == null) {
      return new Rejected(Why.MALFORMED, "Secrets Manager event without a region");
    }
    String detailType = event.path("detail-type").asText();
    JsonNode detail = event.path("detail");
    if (!detail.isObject()) {
      return new Rejected(Why.MALFORMED, "Secrets Manager event without a detail object");
    }
    return switch (detailType) {
      case LABEL_UPDATED -> labelUpdated(event, detail, region);
      case CLOUDTRAIL -> apiCall(event, detail, region);
      default -> new Rejected(Why.UNRELATED, "Secrets Manager event of type " + bounded(detailType));
    };
  }

  private static EventParse labelUpdated(JsonNode event, JsonNode detail, String region) {
    String arn = null;
    for (JsonNode resource : event.path("resources")) {
      if (resource.isTextual() && SecretKeys.Arn.parse(resource.asText()) != null) {
        arn = resource.asText();
        break;
      }
    }
    String name = text(detail, "name");
    if (arn == null && name == null) {
      return new Rejected(Why.MALFORMED, "Secret Label Updated event names no secret");
    }
    String secretId = arn != null ? arn : name;
    String account = text(event, "account");
    if (account == null && arn != null) {
      account = SecretKeys.Arn.parse(arn).account();
    }
    return new Parsed(new SecretEvent(secretId, name != null ? name : nameInArn(arn), region, account,
        text(detail, "versionId"), SecretEvent.Kind.LABEL_UPDATED));
  }

  private static EventParse apiCall(JsonNode event, JsonNode detail, String region) {
    String call = text(detail, "eventName");
    SecretEvent.Kind kind = call == null ? null : CALLS.get(call);
    if (kind == null) {
      return new Rejected(Why.UNRELATED, "API call " + bounded(call) + " does not change a secret's value");
    }
    if (detail.hasNonNull("errorCode")) {
      // a refused call changed nothing
      return new Rejected(Why.UNRELATED, call + " failed in AWS");
    }
    String secretId = text(detail.path("requestParameters"), "secretId");
    if (secretId == null) {
      return new Rejected(Why.MALFORMED, call + " event without requestParameters.secretId");
    }
    if (secretId.startsWith("arn:") && SecretKeys.Arn.parse(secretId) == null) {
      return new Rejected(Why.MALFORMED, call + " event names a secret by an ARN that is not a secret's");
    }
    // CloudTrail spells it "aRN"
    String arnInResponse = text(detail.path("responseElements"), "aRN");
    if (arnInResponse != null && SecretKeys.Arn.parse(arnInResponse) != null) {
      // the response's full ARN pins the secret down better than a name or partial ARN in the request
      secretId = arnInResponse;
    }
    String version = switch (kind) {
      case VALUE_PUT, UPDATED -> text(detail.path("responseElements"), "versionId");
      case STAGE_MOVED -> text(detail.path("requestParameters"), "moveToVersionId");
      default -> null;
    };
    String eventRegion = text(detail, "awsRegion");
    return new Parsed(new SecretEvent(secretId, secretId.startsWith("arn:") ? nameInArn(secretId) : secretId,
        eventRegion != null ? eventRegion : region, text(event, "account"), version, kind));
  }

  /** The secret name in a full ARN. */
  private static String nameInArn(String arn) {
    SecretKeys.Arn parts = SecretKeys.Arn.parse(arn);
    if (parts == null) {
      return null;
    }
    String name = SecretKeys.withoutSuffix(parts.name());
    return name != null ? name : parts.name();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  /** Event fields quoted in a rejection are someone else's input: at most 64 characters of them. */
  private static String bounded(String text) {
    if (text == null) {
      return "(none)";
    }
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }
}
