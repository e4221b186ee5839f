package io.dbsecrets.operator.support;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The requests a fabric8 mock server recorded (it records every request it serves). */
public final class MockRequests {
  private MockRequests() {}

  /** Takes every request recorded so far and not taken before, oldest first. */
  public static List<RecordedRequest> takeAll(KubernetesMockServer server) {
    List<RecordedRequest> taken = new ArrayList<>();
    try {
      for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS); r != null;
          r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
        taken.add(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return taken;
  }
}
