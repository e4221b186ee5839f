package io.dbsecrets.operator.aws.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.aws.events.EventParse.Parsed;
import io.dbsecrets.operator.aws.events.EventParse.Rejected;
import io.dbsecrets.operator.aws.events.EventParse.Why;
import org.junit.jupiter.api.Test;

class SecretEventParserTest {
  private static final String ARN = "arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3";

  static String labelUpdated(String arn, String name, String versionId) {
    return """
        {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Secret Label Updated",
         "source":"aws.secretsmanager","account":"012345678901","time":"2026-11-29T11:00:00Z",
         "region":"us-west-2","resources":["%s"],
         "detail":{"name":"%s","labelUpdated":"AWSCURRENT","versionId":"%s"}}
        """.formatted(arn, name, versionId);
  }

  static String cloudTrail(String call, String secretId, String extraDetail) {
    return """
        {"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.secretsmanager",
         "account":"012345678901","time":"2026-11-29T11:00:00Z","region":"us-west-2","resources":[],
         "detail":{"eventSource":"secretsmanager.amazonaws.com","eventName":"%s","awsRegion":"us-west-2",
                   "requestParameters":{"secretId":"%s"}%s}}
        """.formatted(call, secretId, extraDetail);
  }

  @Test
  void readsTheNativeLabelUpdatedEvent() {
    EventParse parse = SecretEventParser.parse(labelUpdated(ARN, "mySecret", "v-2"));
    assertThat(parse).isEqualTo(new Parsed(new SecretEvent(ARN, "mySecret", "us-west-2", "012345678901", "v-2",
        SecretEvent.Kind.LABEL_UPDATED)));
  }

  @Test
  void readsPutSecretValueFromCloudTrailWithTheVersionItWrote() {
    EventParse parse = SecretEventParser.parse(cloudTrail("PutSecretValue", "mySecret",
        ",\"responseElements\":{\"aRN\":\"" + ARN + "\",\"name\":\"mySecret\",\"versionId\":\"v-3\"}"));
    assertThat(parse).isEqualTo(new Parsed(new SecretEvent(ARN, "mySecret", "us-west-2", "012345678901", "v-3",
        SecretEvent.Kind.VALUE_PUT)));
  }

  @Test
  void readsDeleteRestoreUpdateAndStageMoves() {
    assertThat(kind(cloudTrail("DeleteSecret", "mySecret", ""))).isEqualTo(SecretEvent.Kind.DELETED);
    assertThat(kind(cloudTrail("RestoreSecret", ARN, ""))).isEqualTo(SecretEvent.Kind.RESTORED);
    assertThat(kind(cloudTrail("UpdateSecret", "mySecret", ""))).isEqualTo(SecretEvent.Kind.UPDATED);
    EventParse moved = SecretEventParser.parse(cloudTrail("UpdateSecretVersionStage", "mySecret", "")
        .replace("\"secretId\":\"mySecret\"", "\"secretId\":\"mySecret\",\"versionStage\":\"AWSCURRENT\","
            + "\"moveToVersionId\":\"v-9\""));
    assertThat(((Parsed) moved).event().versionId()).isEqualTo("v-9");
    assertThat(((Parsed) moved).event().kind()).isEqualTo(SecretEvent.Kind.STAGE_MOVED);
  }

  @Test
  void aDeletedSecretNamedByArnKeepsTheArn() {
    Parsed parsed = (Parsed) SecretEventParser.parse(cloudTrail("DeleteSecret", ARN, ""));
    assertThat(parsed.event().secretId()).isEqualTo(ARN);
    assertThat(parsed.event().name()).isEqualTo("mySecret");
    assertThat(parsed.event().versionId()).isNull();
  }

  @Test
  void rejectsWhatIsNotJsonOrNotAnEventAsMalformed() {
    assertThat(why("not json {")).isEqualTo(Why.MALFORMED);
    assertThat(why("")).isEqualTo(Why.MALFORMED);
    assertThat(why("[1,2]")).isEqualTo(Why.MALFORMED);
    assertThat(why("{\"hello\":\"world\"}")).isEqualTo(Why.MALFORMED);
    assertThat(why("x".repeat(SecretEventParser.MAX_BODY_CHARS + 1))).isEqualTo(Why.MALFORMED);
  }

  @Test
  void rejectsSecretsManagerEventsMissingWhatTheyMustSay() {
    assertThat(why(labelUpdated(ARN, "x", "v").replace("\"region\":\"us-west-2\",", ""))).isEqualTo(Why.MALFORMED);
    assertThat(why(labelUpdated("not-an-arn", "", "v"))).isEqualTo(Why.MALFORMED);
    assertThat(why(cloudTrail("PutSecretValue", "", ""))).isEqualTo(Why.MALFORMED);
    assertThat(why(cloudTrail("PutSecretValue", "arn:aws:s3:::bucket", ""))).isEqualTo(Why.MALFORMED);
    assertThat(why(labelUpdated(ARN, "x", "v").replace("\"detail\":{", "\"detail\":[{").replace("}}", "}]}")))
        .isEqualTo(Why.MALFORMED);
  }

  @Test
  void rejectsOtherServicesCallsAndFailedCallsAsUnrelated() {
    assertThat(why(labelUpdated(ARN, "x", "v").replace("aws.secretsmanager", "aws.s3"))).isEqualTo(Why.UNRELATED);
    assertThat(why(cloudTrail("GetSecretValue", "mySecret", ""))).isEqualTo(Why.UNRELATED);
    assertThat(why(cloudTrail("TagResource", "mySecret", ""))).isEqualTo(Why.UNRELATED);
    assertThat(why(cloudTrail("PutSecretValue", "mySecret", ",\"errorCode\":\"AccessDenied\"")))
        .isEqualTo(Why.UNRELATED);
    assertThat(why(labelUpdated(ARN, "x", "v").replace("Secret Label Updated", "Secret Rotation Started")))
        .isEqualTo(Why.UNRELATED);
  }

  @Test
  void aRejectionNeverQuotesMoreThanABoundedPieceOfTheBody() {
    String huge = "s".repeat(10_000);
    Rejected rejected = (Rejected) SecretEventParser.parse(labelUpdated(ARN, "x", "v")
        .replace("aws.secretsmanager", huge));
    assertThat(rejected.detail()).hasSizeLessThan(200);
  }

  private static SecretEvent.Kind kind(String body) {
    return ((Parsed) SecretEventParser.parse(body)).event().kind();
  }

  private static Why why(String body) {
    EventParse parse = SecretEventParser.parse(body);
    assertThat(parse).isInstanceOf(Rejected.class);
    return ((Rejected) parse).why();
  }
}
