package io.dbsecrets.operator.render;

/** The secret could not be turned into Secret data. The message never holds a secret value. */
public class RenderFailure extends Exception {
  private final String reason;

  public RenderFailure(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** The Ready condition's reason: InvalidSecretFormat, PropertyNotFound, TemplateError or InvalidSecretKey. */
  public String reason() {
    return reason;
  }

  static RenderFailure invalidFormat(String message) {
    return new RenderFailure("InvalidSecretFormat", message);
  }

  static RenderFailure propertyNotFound(String message) {
    return new RenderFailure("PropertyNotFound", message);
  }

  static RenderFailure templateError(String message) {
    return new RenderFailure("TemplateError", message);
  }

  static RenderFailure invalidKey(String message) {
    return new RenderFailure("InvalidSecretKey", message);
  }
}
