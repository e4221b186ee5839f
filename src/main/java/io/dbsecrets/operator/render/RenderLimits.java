package io.dbsecrets.operator.render;

import io.dbsecrets.operator.api.ExternalDbSecretSpec;

/**
 * What rendering one resource may cost. The template language has no loops, branches or recursion, so work grows
 * with the template's length and the secret's size only; these limits make that bound explicit, so that one
 * tenant's resource can neither exhaust the operator's memory nor hold a reconcile thread for long. Limits on the
 * template's form are checked before anything is evaluated; limits on sizes while rendering.
 */
final class RenderLimits {
  /** Same bound as the CRD schema, enforced here too: a resource stored before the bound existed is not trusted. */
  static final int MAX_TEMPLATE_CHARS = ExternalDbSecretSpec.MAX_TEMPLATE_CHARS;
  /** Between {{ and }}: a field, a few filters and a default value fit many times over. */
  static final int MAX_EXPRESSION_CHARS = 256;
  static final int MAX_EXPRESSIONS = 64;
  static final int MAX_FILTERS = 4;
  /** Brackets inside one expression; also keeps the parser's recursion shallow. */
  static final int MAX_NESTING = 4;
  static final int MAX_KEY_BYTES = 256 * 1024;
  /** Kubernetes refuses a Secret whose values exceed 1 MiB; this keeps well clear of it. */
  static final int MAX_SECRET_BYTES = 512 * 1024;
  /**
   * Characters read and written by filters and outputs, for the whole Secret. Rendering time is linear in this
   * count, which makes it the renderer's wall-time budget without reading a clock.
   */
  static final long MAX_WORK_CHARS = 8L * 1024 * 1024;

  private RenderLimits() {}
}
