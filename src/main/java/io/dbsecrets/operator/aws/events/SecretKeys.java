package io.dbsecrets.operator.aws.events;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys that let an event find the resources reading its secret, whichever way each side names it. Secrets
 * Manager accepts a name, a full ARN (the name plus "-" and six random characters) or a partial ARN (without that
 * suffix), and an event may use any of them too. Both sides therefore produce every key their form could match:
 * "region/name" for the name as written and, when it ends like a full ARN's suffix, without it; and the ARN itself.
 * A name that merely looks suffixed may match a second secret: that costs one extra read, never a wrong value,
 * because the read names the resource's own secret. Pure.
 */
public final class SecretKeys {
  /** Secrets Manager's suffix on a full ARN: a dash and six letters or digits. */
  private static final Pattern ARN_SUFFIX = Pattern.compile("-[A-Za-z0-9]{6}$");

  private SecretKeys() {}

  /**
   * @param secretId a name, partial ARN or full ARN
   * @param region   the region the secret is read in (an ARN's own region wins)
   */
  public static Set<String> of(String secretId, String region) {
    Set<String> keys = new LinkedHashSet<>();
    if (secretId.startsWith("arn:")) {
      Arn arn = Arn.parse(secretId);
      if (arn == null) {
        return keys;
      }
      keys.add("arn:" + secretId);
      keys.add(nameKey(arn.region(), arn.name()));
      String unsuffixed = withoutSuffix(arn.name());
      if (unsuffixed != null) {
        keys.add(nameKey(arn.region(), unsuffixed));
      }
    } else {
      keys.add(nameKey(region, secretId));
    }
    return keys;
  }

  /** The name in a full ARN, without its random suffix; null if the name cannot carry one. */
  public static String withoutSuffix(String name) {
    if (!ARN_SUFFIX.matcher(name).find() || name.length() <= 7) {
      return null;
    }
    return name.substring(0, name.length() - 7);
  }

  private static String nameKey(String region, String name) {
    return "name:" + region + "/" + name;
  }

  /** The parts of a Secrets Manager ARN: arn:partition:secretsmanager:region:account:secret:name. */
  public record Arn(String region, String account, String name) {
    /** @return the parts, or null when this is not a Secrets Manager secret ARN */
    public static Arn parse(String arn) {
      String[] parts = arn.split(":", 7);
      if (parts.length != 7 || !"secretsmanager".equals(parts[2]) || parts[3].isEmpty()
          || !"secret".equals(parts[5]) || parts[6].isEmpty()) {
        return null;
      }
      return new Arn(parts[3], parts[4], parts[6]);
    }
  }
}
