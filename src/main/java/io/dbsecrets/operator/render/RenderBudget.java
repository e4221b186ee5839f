package io.dbsecrets.operator.render;

/**
 * Counts what one render has cost so far against {@link RenderLimits}. Whether a limit is crossed depends on the
 * lengths of the secret's values, so the failure names the limit only: not by how much, nor at which key or
 * expression it was crossed.
 */
final class RenderBudget {
  private long work;
  private long secretBytes;

  /**
   * Charges characters processed; fails instead when the charge would take the render past
   * {@link RenderLimits#MAX_WORK_CHARS}, so what a render used never exceeds it.
   */
  void work(long chars) throws RenderFailure {
    if (work + chars > RenderLimits.MAX_WORK_CHARS) {
      throw RenderFailure.templateError("rendering this Secret exceeds the limit of " + RenderLimits.MAX_WORK_CHARS
          + " characters processed");
    }
    work += chars;
  }

  /** Charges one finished value of the Secret; fails once the Secret would exceed its size limit. */
  void secretBytes(int bytes, boolean fromTemplate) throws RenderFailure {
    secretBytes += bytes;
    if (secretBytes > RenderLimits.MAX_SECRET_BYTES) {
      String message = "the Secret's data exceeds the limit of " + RenderLimits.MAX_SECRET_BYTES + " bytes";
      throw fromTemplate ? RenderFailure.templateError(message) : RenderFailure.invalidFormat(message);
    }
  }

  long workUsed() {
    return work;
  }
}
