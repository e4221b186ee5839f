package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.RestartWindow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a restart may happen now under spec.rollout.restartWindow, and if not, when the window next opens. Pure:
 * the time comes in. A window runs from start to end on each of its days in its time zone; an end before the start
 * runs past midnight (the day is the day it opens). Daylight-saving gaps move an opening to the next valid time.
 */
public final class RestartSchedule {
  private RestartSchedule() {}

  /** @return empty when a restart may happen now (no window, or inside it), else when the window next opens */
  public static Optional<Instant> heldUntil(RestartWindow window, Instant now) {
    if (window == null) {
      return Optional.empty();
    }
    ZoneId zone = window.getTimeZone() == null ? ZoneOffset.UTC : ZoneId.of(window.getTimeZone());
    LocalTime start = LocalTime.parse(window.getStart());
    LocalTime end = LocalTime.parse(window.getEnd());
    Set<DayOfWeek> days = window.getDays().isEmpty() ? EnumSet.allOf(DayOfWeek.class)
        : EnumSet.copyOf(window.getDays());
    ZonedDateTime local = now.atZone(zone);
    // the window opened yesterday (past midnight) or today may be open now
    for (int back = 1; back >= 0; back--) {
      ZonedDateTime opening = local.toLocalDate().minusDays(back).atTime(start).atZone(zone);
      ZonedDateTime closing = end.isAfter(start) ? opening.toLocalDate().atTime(end).atZone(zone)
          : opening.toLocalDate().plusDays(1).atTime(end).atZone(zone);
      if (days.contains(opening.getDayOfWeek()) && !local.isBefore(opening) && local.isBefore(closing)) {
        return Optional.empty();
      }
    }
    for (int ahead = 0; ahead <= 7; ahead++) {
      ZonedDateTime opening = local.toLocalDate().plusDays(ahead).atTime(start).atZone(zone);
      if (days.contains(opening.getDayOfWeek()) && opening.isAfter(local)) {
        return Optional.of(opening.toInstant());
      }
    }
    return Optional.empty();
  }
}
