package io.dbsecrets.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesResourceUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API server's rules for a Secret that the operator can check before writing one, so a Secret the server
 * would refuse is reported precisely instead of failing the write. Pure. Messages name keys and fields, never a
 * data value: whether the data satisfies a rule is the only thing they reveal.
 */
public final class SecretRules {
  /** Kubernetes' limit on the data of one Secret (the sum of its values' sizes). */
  public static final int MAX_DATA_BYTES = 1024 * 1024;
  /** Kubernetes' limit on the total size of an object's annotations, keys and values. */
  public static final int MAX_ANNOTATION_BYTES = 256 * 1024;
  public static final int MAX_LABEL_VALUE_LENGTH = 63;
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  /** Keys each built-in Secret type requires; basic-auth needs at least one of its two. */
  private static final Map<String, List<String>> REQUIRED_KEYS = Map.of(
      "kubernetes.io/tls", List.of("tls.crt", "tls.key"),
      "kubernetes.io/dockerconfigjson", List.of(".dockerconfigjson"),
      "kubernetes.io/dockercfg", List.of(".dockercfg"),
      "kubernetes.io/ssh-auth", List.of("ssh-privatekey"));
  static final String SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";
  static final String SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name";

  private SecretRules() {}

  public static List<String> problems(Secret secret) {
    List<String> problems = new ArrayList<>();
    Map<String, String> labels = orEmpty(secret.getMetadata().getLabels());
    labels.forEach((key, value) -> {
      if (!KubernetesResourceUtil.isValidKey(key)) {
        problems.add("label key '" + key + "' is not a valid Kubernetes label key");
      }
      if (value.length() > MAX_LABEL_VALUE_LENGTH) {
        problems.add("label '" + key + "' has a value of " + value.length() + " characters, more than "
            + MAX_LABEL_VALUE_LENGTH);
      } else if (!LABEL_VALUE.matcher(value).matches()) {
        problems.add("label '" + key + "' has a value that is not a valid label value (letters, digits, '-', '_' "
            + "and '.', beginning and ending with a letter or digit)");
      }
    });
    Map<String, String> annotations = orEmpty(secret.getMetadata().getAnnotations());
    long annotationBytes = 0;
    for (Map.Entry<String, String> annotation : annotations.entrySet()) {
      if (!KubernetesResourceUtil.isValidKey(annotation.getKey())) {
        problems.add("annotation key '" + annotation.getKey() + "' is not a valid Kubernetes annotation key");
      }
      annotationBytes += utf8Length(annotation.getKey()) + utf8Length(annotation.getValue());
    }
    if (annotationBytes > MAX_ANNOTATION_BYTES) {
      problems.add("annotations total " + annotationBytes + " bytes, more than " + MAX_ANNOTATION_BYTES);
    }
    Map<String, String> data = orEmpty(secret.getData());
    String type = secret.getType() == null ? "Opaque" : secret.getType();
    for (String key : REQUIRED_KEYS.getOrDefault(type, List.of())) {
      if (!data.containsKey(key)) {
        problems.add("type " + type + " requires the key '" + key + "', which the data does not have");
      }
    }
    if (type.equals("kubernetes.io/basic-auth") && !data.containsKey("username") && !data.containsKey("password")) {
      problems.add("type kubernetes.io/basic-auth requires the key 'username' or 'password'");
    }
    if (type.equals(SERVICE_ACCOUNT_TOKEN) && isBlank(annotations.get(SERVICE_ACCOUNT_NAME_ANNOTATION))) {
      problems.add("type " + SERVICE_ACCOUNT_TOKEN + " requires the annotation '" + SERVICE_ACCOUNT_NAME_ANNOTATION
          + "' (spec.target.annotations)");
    }
    long dataBytes = data.values().stream().mapToLong(SecretRules::decodedLength).sum();
    if (dataBytes > MAX_DATA_BYTES) {
      problems.add("the data is " + dataBytes + " bytes, more than the " + MAX_DATA_BYTES
          + " bytes a Secret may hold");
    }
    return problems;
  }

  private static long decodedLength(String base64) {
    if (base64 == null) {
      return 0;
    }
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException notBase64) {
      return base64.length();
    }
  }

  private static long utf8Length(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
