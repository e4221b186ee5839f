package io.dbsecrets.operator.render;

import com.fasterxml.jackson.core.type.TypeReference;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.StringLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders one Pebble template over the secret's fields. Variables that do not exist are errors, not empty
 * strings, so a typo never writes a half-empty connection string. Filters include {@code urlencode}.
 */
final class TemplateRenderer {
  private static final PebbleEngine ENGINE = new PebbleEngine.Builder()
      .loader(new StringLoader())
      .autoEscaping(false)
      .strictVariables(true)
      .newLineTrimming(false)
      .cacheActive(false)
      .build();
  /**
   * Pebble messages that quote a filter's input. That input may be a secret value already transformed (upper,
   * slice, first), which the redactor cannot recognise, so the quoted part is dropped whatever it holds.
   */
  private static final Pattern QUOTED_INPUT =
      Pattern.compile("(?s)(Could not parse the string |Could not format instance )'.*'( into a date| of type)");
  private static final Pattern INPUT_VALUE = Pattern.compile("(?s)\\(value: .*\\)");

  private TemplateRenderer() {}

  static String render(String key, String template, SecretPayload payload, Redactor redactor) throws RenderFailure {
    Map<String, Object> context = context(key, payload);
    try {
      StringWriter out = new StringWriter();
      ENGINE.getTemplate(template).evaluate(out, context);
      return out.toString();
    } catch (IOException | RuntimeException e) {
      throw RenderFailure.templateError("template for key '" + key + "' failed: " + redactor.redact(describe(e)));
    }
  }

  private static Map<String, Object> context(String key, SecretPayload payload) throws RenderFailure {
    if (payload instanceof SecretPayload.Json json) {
      return SecretPayload.JSON.convertValue(json.fields(), new TypeReference<Map<String, Object>>() {});
    }
    if (payload instanceof SecretPayload.Text text) {
      return Map.of("value", text.text());
    }
    throw RenderFailure.invalidFormat("template for key '" + key + "' needs a string or JSON secret, not "
        + payload.describe());
  }

  private static String describe(Exception e) {
    String message = e instanceof PebbleException p ? p.getPebbleMessage() : e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    message = QUOTED_INPUT.matcher(message).replaceAll("$1'***'$2");
    return INPUT_VALUE.matcher(message).replaceAll("(value: ***)");
  }
}
