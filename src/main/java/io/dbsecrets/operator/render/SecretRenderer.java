package io.dbsecrets.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.aws.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a Secrets Manager secret into Secret data, as the spec asks: explicit {@code data} keys, {@code template}
 * keys, or, with neither, every top-level JSON field (a plain or binary secret becomes the single key
 * {@value #WHOLE_SECRET_KEY}). Pure: no I/O, and no secret value in any failure message.
 */
public final class SecretRenderer {
  public static final String WHOLE_SECRET_KEY = "value";
  private static final Pattern VALID_KEY = Pattern.compile("^[-._a-zA-Z0-9]{1,253}$");

  private SecretRenderer() {}

  public static SecretData render(SecretValue secret, List<DataMapping> data, Map<String, String> template)
      throws RenderFailure {
    SecretPayload payload = SecretPayload.of(secret);
    Redactor redactor = Redactor.of(payload);
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (data.isEmpty() && template.isEmpty()) {
      expandAll(payload, out);
    }
    for (int i = 0; i < data.size(); i++) {
      DataMapping mapping = data.get(i);
      put(out, mapping.getKey(), extract(payload, mapping, i), "data[" + i + "]");
    }
    for (Map.Entry<String, String> entry : template.entrySet()) {
      String rendered = TemplateRenderer.render(entry.getKey(), entry.getValue(), payload, redactor);
      put(out, entry.getKey(), rendered.getBytes(StandardCharsets.UTF_8), "template");
    }
    return SecretData.of(out);
  }

  private static void expandAll(SecretPayload payload, Map<String, byte[]> out) throws RenderFailure {
    if (!(payload instanceof SecretPayload.Json json)) {
      out.put(WHOLE_SECRET_KEY, payload.wholeValue());
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      put(out, field.getKey(), JsonProperties.toBytes(field.getValue()), "the secret's JSON field");
    }
  }

  private static byte[] extract(SecretPayload payload, DataMapping mapping, int index) throws RenderFailure {
    String property = mapping.getProperty();
    if (property == null || property.isEmpty()) {
      return payload.wholeValue();
    }
    if (!(payload instanceof SecretPayload.Json json)) {
      throw RenderFailure.invalidFormat("data[" + index + "] reads property '" + property + "', but the secret is "
          + payload.describe());
    }
    return JsonProperties.find(json.fields(), property)
        .map(JsonProperties::toBytes)
        .orElseThrow(() -> RenderFailure.propertyNotFound("data[" + index + "] reads property '" + property
            + "', which the secret does not have; it has: " + String.join(", ", fieldNames(json))));
  }

  private static void put(Map<String, byte[]> out, String key, byte[] value, String source) throws RenderFailure {
    if (key == null || !VALID_KEY.matcher(key).matches()) {
      throw RenderFailure.invalidKey("'" + key + "' from " + source + " is not a valid Secret key "
          + "(letters, digits, '-', '_' or '.', at most 253)");
    }
    if (out.containsKey(key)) {
      throw RenderFailure.invalidKey("key '" + key + "' is defined twice (data and template)");
    }
    out.put(key, value);
  }

  private static List<String> fieldNames(SecretPayload.Json json) {
    List<String> names = new java.util.ArrayList<>();
    json.fields().fieldNames().forEachRemaining(names::add);
    return names;
  }
}
