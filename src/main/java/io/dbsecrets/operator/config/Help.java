package io.dbsecrets.operator.config;

import java.util.List;

/** The text {@code --help} prints: every setting as flag and variable, with its default and meaning. */
public final class Help {
  private Help() {}

  public static boolean asked(String[] args) {
    return List.of(args).contains("--help") || List.of(args).contains("-h");
  }

  public static String text() {
    StringBuilder out = new StringBuilder("""
        Usage: externaldbsecret-operator [--name=value ...]

        Syncs AWS Secrets Manager secrets into Kubernetes Secrets (ExternalDbSecret resources).
        Each setting is a flag or its environment variable; a flag wins over the variable.

        """);
    for (Setting s : OperatorConfig.SETTINGS) {
      out.append("  ").append(s.flag()).append("=VALUE  (").append(s.variable()).append(")\n")
          .append("      default: ").append(s.shownDefault().replace("`", "")).append('\n')
          .append("      ").append(plain(s.meaning())).append("\n\n");
    }
    return out.append("  --help, -h  print this text and exit\n").toString();
  }

  /** The meaning as the README writes it, without Markdown: links become their text. */
  private static String plain(String markdown) {
    return markdown.replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").replace("`", "");
  }
}
