package io.dbsecrets.operator.policy;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A glob over secret names, secret ARNs and role ARNs, as a cluster admin writes it in a Namespace annotation.
 *
 * <p>{@code *} matches any run of characters except ':', {@code ?} one such character; everything else is
 * literal (no classes, braces or escapes). ':' separates ARN fields, so a wildcard never spills from one field
 * into the next: {@code arn:aws:secretsmanager:*:111122223333:secret:team-a/*} allows team-a's secrets in every
 * region of that one account, and no other account. Secret names cannot contain ':', so a name pattern never
 * matches an ARN and an ARN pattern never matches a name: allowing a secret by name does not allow reading it,
 * or a namesake in another account, by ARN. '/' is an ordinary character, as it is in IAM resource ARNs:
 * {@code team-a/*} matches {@code team-a/db} and {@code team-a/prod/db}. Matching is case-sensitive, like
 * Secrets Manager names and IAM role names.
 */
public record GlobPattern(String glob, Pattern regex) {

  public static GlobPattern of(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        regex.append(quote(literal));
        literal.setLength(0);
        regex.append(c == '*' ? "[^:]*" : "[^:]");
      } else {
        literal.append(c);
      }
    }
    regex.append(quote(literal));
    return new GlobPattern(glob, Pattern.compile(regex.toString()));
  }

  /** Comma-separated globs; blanks around commas and empty entries are ignored. */
  public static List<GlobPattern> list(String commaSeparated) {
    if (commaSeparated == null) {
      return List.of();
    }
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(GlobPattern::of).toList();
  }

  public boolean matches(String value) {
    return value != null && regex.matcher(value).matches();
  }

  private static String quote(CharSequence literal) {
    return literal.isEmpty() ? "" : Pattern.quote(literal.toString());
  }
}
