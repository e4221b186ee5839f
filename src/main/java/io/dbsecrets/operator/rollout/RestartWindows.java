package io.dbsecrets.operator.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Coalesces the restarts several ExternalDbSecrets ask of one workload: the first request opens a window of the
 * workload, requests arriving before it closes join it, and the first request at or after the close claims it and
 * restarts the workload once for all of them; a member coming back right after another claimed the window waits to
 * see that restart instead of opening a window of its own. In memory only: what must survive a restart is in each
 * resource's status (a rollout still due) and in the workload's marker (what it was restarted for), so a lost
 * window is just opened again.
 */
public final class RestartWindows {
  /** A window nobody claimed this long after it closed is abandoned (its resources were deleted or changed again). */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);
  /**
   * How soon a resource comes back when the window it joined was just claimed by another: it read the workload
   * before the claimer's patch, and sees that patch (its marker) when it looks again.
   */
  static final Duration RECHECK = Duration.ofSeconds(1);
  /** How long a claim is remembered: far longer than a reconcile between reading a workload and joining. */
  static final Duration CLAIM_REMEMBERED = Duration.ofSeconds(10);

  private final Duration window;
  private final Map<WorkloadRef, Window> open = new HashMap<>();
  /** The windows claimed lately, for {@link #CLAIM_REMEMBERED} (see {@link #RECHECK}). */
  private final Map<WorkloadRef, Claim> claimed = new HashMap<>();

  public RestartWindows(Duration window) {
    this.window = window.isNegative() ? Duration.ZERO : window;
  }

  /** Either the time to come back, or the claim to restart now for every resource that joined. */
  public record Ticket(Instant closesAt, Map<String, String> restartFor) {
    public boolean claimed() {
      return restartFor != null;
    }
  }

  /**
   * Asks for a restart of the workload for this resource's data.
   *
   * @return a claim (restart now, for the resources in it), or the time the window closes
   */
  public synchronized Ticket join(WorkloadRef workload, String resourceName, String shortHash, Instant now) {
    open.values().removeIf(w -> now.isAfter(w.closesAt.plus(ABANDONED_AFTER)));
    claimed.values().removeIf(c -> !now.isBefore(c.at().plus(CLAIM_REMEMBERED)));
    Claim justClaimed = claimed.get(workload);
    if (justClaimed != null && shortHash.equals(justClaimed.restartFor().get(resourceName))) {
      // claimed for this very data by another resource whose patch this one has not seen yet: opening a window of
      // its own would restart the workload a second time for the same change
      return new Ticket(now.plus(RECHECK), null);
    }
    Window current = open.computeIfAbsent(workload, w -> new Window(now.plus(window)));
    current.restartFor.put(resourceName, shortHash);
    if (now.isBefore(current.closesAt)) {
      return new Ticket(current.closesAt, null);
    }
    open.remove(workload);
    Map<String, String> restartFor = Map.copyOf(current.restartFor);
    claimed.put(workload, new Claim(now, restartFor));
    return new Ticket(current.closesAt, restartFor);
  }

  private record Claim(Instant at, Map<String, String> restartFor) {}

  private static final class Window {
    final Instant closesAt;
    final Map<String, String> restartFor = new TreeMap<>();

    Window(Instant closesAt) {
      this.closesAt = closesAt;
    }
  }
}
