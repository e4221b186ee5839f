package io.dbsecrets.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.aws.SecretValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a Secrets Manager secret into Secret data, as the spec asks: explicit {@code data} keys, {@code template}
 * keys, or, with neither, every top-level JSON field (a plain or binary secret becomes the single key
 * {@value #WHOLE_SECRET_KEY}). Pure: no I/O. A failure message is built from the spec, the template and the names
 * of the secret's fields only, so it reads the same whatever the secret's values are.
 */
public final class SecretRenderer {
  public static final String WHOLE_SECRET_KEY = "value";
  private static final Pattern VALID_KEY = Pattern.compile("^[-._a-zA-Z0-9]{1,253}$");

  private SecretRenderer() {}

  public static SecretData render(SecretValue secret, List<DataMapping> data, Map<String, String> template)
      throws RenderFailure {
    return render(secret, data, template, new RenderBudget());
  }

  /**
   * As {@link #render(SecretValue, List, Map)}, charging {@code budget}, which tests read back. Failures are
   * checked in an order that keeps them apart: first what the spec and templates alone decide, then what the
   * names and nesting of the secret's fields decide, and only then the size limits, the one check that depends on
   * values (on their lengths).
   */
  static SecretData render(SecretValue secret, List<DataMapping> data, Map<String, String> template,
                           RenderBudget budget) throws RenderFailure {
    if (template.size() > ExternalDbSecretSpec.MAX_TEMPLATE_KEYS) {
      throw RenderFailure.templateError("more than " + ExternalDbSecretSpec.MAX_TEMPLATE_KEYS + " template keys");
    }
    List<CompiledTemplate> templates = new ArrayList<>();
    for (Map.Entry<String, String> entry : template.entrySet()) {
      checkKey(Map.of(), entry.getKey(), "template"); // before the key is quoted in any template error
      templates.add(TemplateCompiler.compile(entry.getKey(), entry.getValue(), budget));
    }
    SecretPayload payload = SecretPayload.of(secret);
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (data.isEmpty() && template.isEmpty()) {
      expandAll(payload, out);
    }
    for (int i = 0; i < data.size(); i++) {
      DataMapping mapping = data.get(i);
      put(out, mapping.getKey(), extract(payload, mapping, i), "data[" + i + "]");
    }
    ObjectNode fields = templates.isEmpty() ? null : TemplateRenderer.fields(templates.get(0).key(), payload);
    for (CompiledTemplate compiled : templates) {
      checkKey(out, compiled.key(), "template");
      TemplateRenderer.checkFieldsExist(compiled, fields);
    }
    for (byte[] value : out.values()) {
      budget.secretBytes(value.length, false);
    }
    for (CompiledTemplate compiled : templates) {
      byte[] rendered = TemplateRenderer.render(compiled, fields, budget);
      budget.secretBytes(rendered.length, true);
      out.put(compiled.key(), rendered);
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
            + "', which the secret does not have; " + FieldNames.describe(json.fields())));
  }

  private static void put(Map<String, byte[]> out, String key, byte[] value, String source) throws RenderFailure {
    checkKey(out, key, source);
    out.put(key, value);
  }

  private static void checkKey(Map<String, byte[]> out, String key, String source) throws RenderFailure {
    if (key == null || !VALID_KEY.matcher(key).matches()) {
      String shown = key != null && key.length() > 253 ? key.substring(0, 253) + "..." : key;
      throw RenderFailure.invalidKey("'" + shown + "' from " + source + " is not a valid Secret key "
          + "(letters, digits, '-', '_' or '.', at most 253)");
    }
    if (out.containsKey(key)) {
      throw RenderFailure.invalidKey("key '" + key + "' is defined twice (data and template)");
    }
  }
}
