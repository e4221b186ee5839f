package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.aws.AwsIdentity;
import io.dbsecrets.operator.aws.SecretRequest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class AwsRequestsTest {
  static final String ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:dev/fcj/momentum-AbCdEf";
  static final String ROLE = "arn:aws:iam::444455556666:role/payments-db-reader";

  @Test
  void regionFromTheSpecWinsOverTheArnAndTheDefault() {
    ExternalDbSecret resource = resource("payments", "momentum-db", ARN);
    resource.getSpec().setRegion("ap-southeast-2");

    assertThat(AwsRequests.of(resource, "us-east-1").region()).isEqualTo("ap-southeast-2");
  }

  @Test
  void regionOfAnArnIsUsedWhenTheSpecNamesNone() {
    assertThat(AwsRequests.of(resource("payments", "momentum-db", ARN), "us-east-1").region()).isEqualTo("eu-west-1");
  }

  @Test
  void secretNameWithoutRegionUsesTheOperatorsRegion() {
    assertThat(AwsRequests.of(resource("payments", "momentum-db", "dev/fcj/momentum"), "us-west-2").region())
        .isEqualTo("us-west-2");
  }

  @Test
  void withoutRoleArnTheOperatorsOwnIdentityReadsTheCurrentVersion() {
    SecretRequest request = AwsRequests.of(resource("payments", "momentum-db", "dev/fcj/momentum"), "us-east-1");

    assertThat(request.identity()).isEqualTo(AwsIdentity.operator());
    assertThat(request.secretId()).isEqualTo("dev/fcj/momentum");
    assertThat(request.versionStage()).isEqualTo("AWSCURRENT");
    assertThat(request.versionId()).isNull();
  }

  @Test
  void pinnedVersionIsRequestedAsIs() {
    ExternalDbSecret resource = resource("payments", "momentum-db", "dev/fcj/momentum");
    resource.getSpec().setVersionId("3f1c0000-aaaa");

    SecretRequest request = AwsRequests.of(resource, "us-east-1");

    assertThat(request.versionId()).isEqualTo("3f1c0000-aaaa");
    assertThat(request.readsCurrentVersion()).isFalse();
  }

  @Test
  void assumedRoleSessionIsNamedAfterTheResourceAndTaggedWithItsNamespace() {
    ExternalDbSecret resource = resource("payments", "momentum-db", ARN);
    resource.getSpec().setRoleArn(ROLE);
    resource.getSpec().setExternalId("ext-123");

    AwsIdentity identity = AwsRequests.of(resource, "us-east-1").identity();

    assertThat(identity.roleArn()).isEqualTo(ROLE);
    assertThat(identity.externalId()).isEqualTo("ext-123");
    assertThat(identity.sessionName()).isEqualTo("payments.momentum-db");
    assertThat(identity.namespace()).isEqualTo("payments");
  }

  @Test
  void sessionNameIsNamespaceDotNameWithCharactersStsRejectsReplaced() {
    assertThat(AwsRequests.sessionName("payments", "momentum-db")).isEqualTo("payments.momentum-db");
    assertThat(AwsRequests.sessionName("payments", "a/b c")).isEqualTo("payments.a-b-c");
  }

  @Test
  void longSessionNamesFitStsAndStayDistinct() {
    String prefix = "database-credentials-for-the-momentum-service-in-production-";
    String first = AwsRequests.sessionName("payments", prefix + "one");
    String second = AwsRequests.sessionName("payments", prefix + "two");
    assertThat(first).hasSize(64).matches("[\\w+=,.@-]+").startsWith("payments." + prefix.substring(0, 40));
    assertThat(second).hasSize(64).isNotEqualTo(first);
    assertThat(AwsRequests.sessionName("payments", prefix + "one")).isEqualTo(first);
  }

  @Test
  void resourcesInALongNamespaceStillGetDistinctSessionNames() {
    assertThat(AwsRequests.sessionName("n".repeat(63), "a"))
        .isNotEqualTo(AwsRequests.sessionName("n".repeat(63), "b"))
        .hasSizeLessThanOrEqualTo(64);
  }

  static ExternalDbSecret resource(String namespace, String name, String secretId) {
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid("uid").build());
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId(secretId);
    resource.setSpec(spec);
    return resource;
  }
}
