package io.dbsecrets.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;

/** When restarts may happen: on these days, between start and end, in a time zone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestartWindow {
  public static final String TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

  @Size(max = 7)
  @JsonPropertyDescription("Days the window opens on (MONDAY ... SUNDAY), in its time zone; empty: every day.")
  private List<DayOfWeek> days = new ArrayList<>();

  @Required
  @Pattern(TIME_PATTERN)
  @JsonPropertyDescription("Opening time, HH:MM.")
  private String start;

  @Required
  @Pattern(TIME_PATTERN)
  @JsonPropertyDescription("Closing time, HH:MM; before start: the window runs past midnight into the next day.")
  private String end;

  @Size(max = 64)
  @JsonPropertyDescription("IANA time zone of the window (Europe/Berlin); default UTC.")
  private String timeZone;

  public List<DayOfWeek> getDays() { return days; }
  public void setDays(List<DayOfWeek> days) { this.days = days == null ? new ArrayList<>() : days; }
  public String getStart() { return start; }
  public void setStart(String start) { this.start = start; }
  public String getEnd() { return end; }
  public void setEnd(String end) { this.end = end; }
  public String getTimeZone() { return timeZone; }
  public void setTimeZone(String timeZone) { this.timeZone = timeZone; }
}
