package io.dbsecrets.operator.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting for an AWS read that another thread performs on this thread's behalf. */
final class SharedReads {
  private SharedReads() {}

  /**
   * @param what names the kind of read in the message if the wait is interrupted
   * @return the read's answer; a failed read rethrows its {@link FetchFailure} (a fresh copy, so each waiter's
   *     stack is its own)
   */
  static <T> T await(CompletableFuture<T> read, String what) throws FetchFailure {
    try {
      return read.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FetchFailure failure) {
        throw new FetchFailure(failure.reason(), failure.getMessage());
      }
      throw new IllegalStateException(what + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchFailure(FailureReason.Timeout, "interrupted while waiting for " + what);
    }
  }
}
