package io.dbsecrets.operator.config;

/**
 * One operator setting: its environment variable, the flag that sets it too, its default, and what it does.
 *
 * @param shownDefault how {@code --help} and the README show the default; differs from {@code defaultValue} only
 *     where an empty default means something ("all", a fallback chain)
 */
public record Setting(String variable, String defaultValue, String shownDefault, String meaning) {
  static final String PREFIX = "DBSECRETS_";

  static Setting of(String variable, String defaultValue, String meaning) {
    return new Setting(variable, defaultValue, "`" + defaultValue + "`", meaning);
  }

  static Setting withShownDefault(String variable, String shownDefault, String meaning) {
    return new Setting(variable, "", shownDefault, meaning);
  }

  /** {@code DBSECRETS_WATCH_NAMESPACES} is {@code --watch-namespaces}. */
  public String flag() {
    return "--" + variable.substring(PREFIX.length()).toLowerCase().replace('_', '-');
  }

  static String variableOf(String flagName) {
    return PREFIX + flagName.substring(2).toUpperCase().replace('-', '_');
  }
}
