package io.dbsecrets.operator.aws;

/**
 * Whom the operator reads a secret as: its own identity (IRSA, Pod Identity or the default chain), or a role
 * assumed on top of it for one resource.
 *
 * @param roleArn role to assume, or null for the operator's own identity
 * @param externalId external ID for the AssumeRole call, or null
 * @param sessionName role session name shown in CloudTrail
 * @param namespace namespace of the resource, sent as a session tag for ABAC policies
 */
public record AwsIdentity(String roleArn, String externalId, String sessionName, String namespace) {
  private static final AwsIdentity OPERATOR = new AwsIdentity(null, null, null, null);

  public static AwsIdentity operator() {
    return OPERATOR;
  }

  public static AwsIdentity assumedRole(String roleArn, String externalId, String sessionName, String namespace) {
    return new AwsIdentity(roleArn, externalId, sessionName, namespace);
  }

  public boolean isOperator() {
    return roleArn == null;
  }

  /** Identities with equal keys get the same credentials. */
  public String cacheKey() {
    return isOperator() ? "operator" : String.join("|", roleArn, String.valueOf(externalId), sessionName, namespace);
  }
}
