package io.dbsecrets.operator.kube;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One instance per distinct short string among the cached objects. Each watched object arrives as fresh JSON, so
 * every namespace, label, kind, owner name and condition reason is a new String: at N = 5,000 the caches held 65
 * Strings per resource, most of them copies (a resource's name alone sits in its metadata, its status, and its
 * Secret's name, owner reference and annotation). {@link String#intern} keeps one copy; the JVM drops an interned
 * String once nothing references it, so the table holds only what the caches hold.
 *
 * <p>Only strings up to {@link #MAX_LENGTH} characters are shared: the repeated ones are short, and a long value
 * (kubectl's last-applied-configuration, a template) is rarely repeated and would only cost the lookup. Never use it
 * for Secret data: secret values stay out of the JVM-wide string table.
 */
public final class SharedStrings {
  static final int MAX_LENGTH = 256;

  private SharedStrings() {}

  public static String of(String value) {
    return value == null || value.length() > MAX_LENGTH ? value : value.intern();
  }

  /**
   * The same map, or one shared immutable empty map in place of an empty one: every cached object carries several
   * empty maps (labels, annotations, additional properties), 56 bytes each. Nothing writes into a cached object: the
   * reconciler works on JOSDK's copy of a resource, and every write builds a new object.
   */
  static <K, V> Map<K, V> compact(Map<K, V> map) {
    return map != null && map.isEmpty() ? Collections.emptyMap() : map;
  }

  /** {@link #compact(Map)}, and its values shared; keys come from Jackson's field-name table, interned already. */
  static Map<String, String> compactStrings(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return compact(map);
    }
    map.replaceAll((key, value) -> of(value));
    return map;
  }

  /** The same list, or one shared immutable empty list in place of an empty one (see {@link #compact(Map)}). */
  static <T> List<T> compact(List<T> list) {
    return list != null && list.isEmpty() ? Collections.emptyList() : list;
  }

  /** {@link #compact(List)}, and its strings shared. */
  static List<String> compactStrings(List<String> list) {
    if (list == null || list.isEmpty()) {
      return compact(list);
    }
    list.replaceAll(SharedStrings::of);
    return list;
  }
}
