package io.dbsecrets.operator.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Tag;

/** Credentials for a role assumed on top of the operator's identity, refreshed before they expire. */
final class AssumedRoleCredentials {
  static final String NAMESPACE_TAG = "kubernetes-namespace";

  private AssumedRoleCredentials() {}

  static AwsCredentialsProvider provider(StsClient sts, AwsIdentity identity) {
    List<Tag> tags = new ArrayList<>();
    if (identity.namespace() != null) {
      tags.add(Tag.builder().key(NAMESPACE_TAG).value(identity.namespace()).build());
    }
    AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
        .roleArn(identity.roleArn())
        .roleSessionName(identity.sessionName())
        .tags(tags);
    if (identity.externalId() != null) {
      request.externalId(identity.externalId());
    }
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(request.build())
        .asyncCredentialUpdateEnabled(false)
        .build();
  }
}
