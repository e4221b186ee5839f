package io.dbsecrets.operator.render;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbsecrets.operator.render.CompiledTemplate.Expression;
import io.dbsecrets.operator.render.CompiledTemplate.Field;
import io.dbsecrets.operator.render.CompiledTemplate.FilterCall;
import io.dbsecrets.operator.render.CompiledTemplate.Literal;
import io.dbsecrets.operator.render.CompiledTemplate.Part;
import io.dbsecrets.operator.render.CompiledTemplate.Text;
import java.nio.charset.StandardCharsets;

/**
 * Renders one template over the secret's fields (a plain string secret is the field {@code value}).
 *
 * <p>Failures are decided before any value is read, from the template and the names and nesting of the secret's
 * fields: a field the template names and the secret lacks is an error (not an empty string, so a typo never writes a
 * half-empty connection string), reported at the first such expression in the template. After that check, rendering
 * cannot fail except by crossing a size limit: every filter is total, and no construct branches on a value.
 */
final class TemplateRenderer {
  private TemplateRenderer() {}

  /** Renders a template whose fields {@link #checkFieldsExist} has checked. */
  static byte[] render(CompiledTemplate compiled, ObjectNode fields, RenderBudget budget) throws RenderFailure {
    String key = compiled.key();
    StringBuilder out = new StringBuilder();
    for (Part part : compiled.parts()) {
      String piece = part instanceof Text text ? text.text() : evaluate((Expression) part, fields, key, budget);
      budget.work(piece.length());
      if (out.length() + piece.length() > RenderLimits.MAX_KEY_BYTES) {
        throw overKeyLimit(key);
      }
      out.append(piece);
    }
    byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > RenderLimits.MAX_KEY_BYTES) {
      throw overKeyLimit(key);
    }
    return bytes;
  }

  /** The fields a template reads: a JSON secret's own, or {@code value} for a plain string. */
  static ObjectNode fields(String key, SecretPayload payload) throws RenderFailure {
    if (payload instanceof SecretPayload.Json json) {
      return json.fields();
    }
    if (payload instanceof SecretPayload.Text text) {
      return JsonNodeFactory.instance.objectNode().put(SecretRenderer.WHOLE_SECRET_KEY, text.text());
    }
    throw RenderFailure.invalidFormat("template for key '" + key + "' needs a string or JSON secret, not "
        + payload.describe());
  }

  static void checkFieldsExist(CompiledTemplate template, ObjectNode fields) throws RenderFailure {
    for (Part part : template.parts()) {
      if (part instanceof Expression expression && expression.source() instanceof Field field
          && !expression.defaultsWhenMissing() && JsonProperties.find(fields, field.path()).isEmpty()) {
        throw RenderFailure.templateError("template for key '" + template.key() + "', " + expression.position()
            + ": the secret has no field '" + field.written() + "' (" + FieldNames.describe(fields)
            + "); to allow a missing field write {{ " + field.written() + " | default(\"...\") }}");
      }
    }
  }

  private static String evaluate(Expression expression, ObjectNode fields, String key, RenderBudget budget)
      throws RenderFailure {
    String value = expression.source() instanceof Literal literal ? literal.value()
        : JsonProperties.find(fields, ((Field) expression.source()).path()).map(JsonProperties::toText).orElse("");
    budget.work(value.length()); // an object or array is serialised to be read
    for (FilterCall call : expression.filters()) {
      if (value.length() > RenderLimits.MAX_KEY_BYTES) {
        throw overKeyLimit(key);
      }
      String result = call.filter().apply(value, call.argument());
      budget.work((long) value.length() + result.length());
      value = result;
    }
    return value;
  }

  private static RenderFailure overKeyLimit(String key) {
    return RenderFailure.templateError("template for key '" + key + "' renders more than "
        + RenderLimits.MAX_KEY_BYTES + " bytes");
  }
}
