package io.dbsecrets.operator.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The keys and values of a Secret, as raw bytes, in key order. {@link #toString()} shows keys only. */
public final class SecretData {
  private final SortedMap<String, byte[]> entries;

  private SecretData(SortedMap<String, byte[]> entries) {
    this.entries = Collections.unmodifiableSortedMap(entries);
  }

  public static SecretData of(Map<String, byte[]> entries) {
    SortedMap<String, byte[]> copy = new TreeMap<>();
    entries.forEach((k, v) -> copy.put(k, v.clone()));
    return new SecretData(copy);
  }

  /** Reads the base64 values of a Secret's {@code data} field. */
  public static SecretData fromBase64(Map<String, String> data) {
    SortedMap<String, byte[]> decoded = new TreeMap<>();
    if (data != null) {
      data.forEach((k, v) -> decoded.put(k, Base64.getDecoder().decode(v == null ? "" : v)));
    }
    return new SecretData(decoded);
  }

  public SortedMap<String, byte[]> entries() {
    return entries;
  }

  public java.util.Set<String> keys() {
    return entries.keySet();
  }

  public Map<String, String> toBase64() {
    Map<String, String> encoded = new TreeMap<>();
    entries.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
    return encoded;
  }

  /** The entries of this data whose keys are in {@code keys}. */
  public SecretData only(java.util.Collection<String> keys) {
    SortedMap<String, byte[]> subset = new TreeMap<>();
    entries.forEach((k, v) -> {
      if (keys.contains(k)) {
        subset.put(k, v);
      }
    });
    return new SecretData(subset);
  }

  public String utf8(String key) {
    byte[] v = entries.get(key);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SecretData other) || !entries.keySet().equals(other.entries.keySet())) {
      return false;
    }
    return entries.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.entries.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return entries.keySet().hashCode();
  }

  @Override
  public String toString() {
    return "SecretData" + entries.keySet();
  }
}
