package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.RestartWindow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartScheduleTest {
  /** Weekdays 02:00-04:00 in Berlin (UTC+1 in November). */
  private static final RestartWindow NIGHTS = window(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
      DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), "02:00", "04:00", "Europe/Berlin");

  @Test
  void noWindowRestartsAnyTime() {
    assertThat(RestartSchedule.heldUntil(null, Instant.parse("2026-11-25T12:00:00Z"))).isEmpty();
  }

  @Test
  void insideTheWindowInItsTimeZoneARestartHappensNow() {
    // Wednesday 03:30 in Berlin
    assertThat(RestartSchedule.heldUntil(NIGHTS, Instant.parse("2026-11-25T02:30:00Z"))).isEmpty();
    assertThat(RestartSchedule.heldUntil(NIGHTS, Instant.parse("2026-11-25T01:00:00Z"))).isEmpty();
  }

  @Test
  void outsideTheWindowARestartWaitsForItsNextOpening() {
    // Wednesday 13:00 in Berlin: Thursday 02:00 Berlin
    assertThat(RestartSchedule.heldUntil(NIGHTS, Instant.parse("2026-11-25T12:00:00Z")))
        .contains(Instant.parse("2026-11-26T01:00:00Z"));
    // the end is exclusive
    assertThat(RestartSchedule.heldUntil(NIGHTS, Instant.parse("2026-11-25T03:00:00Z")))
        .contains(Instant.parse("2026-11-26T01:00:00Z"));
  }

  @Test
  void theWeekendWaitsForMonday() {
    // Friday 23:00 Berlin: Monday 02:00 Berlin
    assertThat(RestartSchedule.heldUntil(NIGHTS, Instant.parse("2026-11-27T22:00:00Z")))
        .contains(Instant.parse("2026-11-30T01:00:00Z"));
  }

  @Test
  void aWindowPastMidnightBelongsToTheDayItOpens() {
    RestartWindow saturdayNight = window(List.of(DayOfWeek.SATURDAY), "22:00", "02:00", null);
    assertThat(RestartSchedule.heldUntil(saturdayNight, Instant.parse("2026-11-29T01:00:00Z"))).isEmpty();
    assertThat(RestartSchedule.heldUntil(saturdayNight, Instant.parse("2026-11-29T03:00:00Z")))
        .contains(Instant.parse("2026-12-05T22:00:00Z"));
  }

  static RestartWindow window(List<DayOfWeek> days, String start, String end, String zone) {
    RestartWindow window = new RestartWindow();
    window.setDays(days);
    window.setStart(start);
    window.setEnd(end);
    window.setTimeZone(zone);
    return window;
  }
}
