package io.dbsecrets.operator.aws;

import java.util.Arrays;
import java.util.List;

/**
 * A secret as Secrets Manager returned it. Holds secret material: {@link #toString()} never prints it.
 */
public record SecretValue(String arn, String name, String versionId, List<String> versionStages,
                          String secretString, byte[] secretBinary) {
  public SecretValue {
    versionStages = versionStages == null ? List.of() : List.copyOf(versionStages);
  }

  public static SecretValue ofString(String arn, String name, String versionId, List<String> stages, String value) {
    return new SecretValue(arn, name, versionId, stages, value, null);
  }

  public boolean isBinary() {
    return secretString == null && secretBinary != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValue other && java.util.Objects.equals(arn, other.arn)
        && java.util.Objects.equals(versionId, other.versionId)
        && java.util.Objects.equals(secretString, other.secretString)
        && Arrays.equals(secretBinary, other.secretBinary);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(arn, versionId);
  }

  @Override
  public String toString() {
    return "SecretValue[arn=" + arn + ", versionId=" + versionId + ", stages=" + versionStages + ", value=<redacted>]";
  }
}
