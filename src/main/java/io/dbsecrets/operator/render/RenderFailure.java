package io.dbsecrets.operator.render;

import io.dbsecrets.operator.api.ReadyReason;

/** The secret could not be turned into Secret data. The message never holds a secret value. */
public class RenderFailure extends Exception {
  private final ReadyReason reason;

  public RenderFailure(ReadyReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** The Ready condition's reason: InvalidSecretFormat, PropertyNotFound, TemplateError or InvalidSecretKey. */
  public ReadyReason readyReason() {
    return reason;
  }

  /** {@link #readyReason()} by name. */
  public String reason() {
    return reason.name();
  }

  static RenderFailure invalidFormat(String message) {
    return new RenderFailure(ReadyReason.InvalidSecretFormat, message);
  }

  static RenderFailure propertyNotFound(String message) {
    return new RenderFailure(ReadyReason.PropertyNotFound, message);
  }

  static RenderFailure templateError(String message) {
    return new RenderFailure(ReadyReason.TemplateError, message);
  }

  static RenderFailure invalidKey(String message) {
    return new RenderFailure(ReadyReason.InvalidSecretKey, message);
  }
}
