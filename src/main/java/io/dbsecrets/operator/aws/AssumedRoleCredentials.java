package io.dbsecrets.operator.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Credentials for a role assumed on top of the operator's identity. The SDK provider caches the session and calls
 * STS again only when it is within five minutes of expiring (one caller refreshes, the others keep using the
 * valid session), so each identity costs one AssumeRole per session lifetime, not one per reconcile.
 */
final class AssumedRoleCredentials {
  /**
   * The session tag that carries the resource's namespace, for ABAC: ${aws:PrincipalTag/dbsecrets-namespace}. Not
   * EKS Pod Identity's "kubernetes-namespace": Pod Identity's tags are transitive, so a session the operator starts
   * already inherits kubernetes-namespace (the operator's own namespace), and STS refuses an AssumeRole that sets an
   * inherited key again.
   */
  static final String NAMESPACE_TAG = "dbsecrets-namespace";

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
