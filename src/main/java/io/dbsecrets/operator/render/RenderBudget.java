package io.dbsecrets.operator.render;

/**
 * Counts what one render has cost so far against {@link RenderLimits}. Whether a limit is crossed depends on the
 * lengths of the secret's values, so the failure names the limit only: not by how much, nor at which key or
 * expression it was crossed.
 */
final class RenderBudget {
  private long work;
  private long secretBytes;

  /** Charges characters processed; fails once the render has done more than {@link RenderLimits#MAX_WORK_CHARS}. */
  void work(long chars) throws RenderFailure {
    work += chars;
    if (work > RenderLimits.MAX_WORK_CHARS) {
      throw RenderFailure.templateError("rendering this Secret exceeds the limit of " + RenderLimits.MAX_WORK_CHARS
          + " characters processed");
    }
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
