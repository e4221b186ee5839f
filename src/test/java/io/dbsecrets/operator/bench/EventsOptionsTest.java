package io.dbsecrets.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsOptionsTest {
  @Test
  void withoutTheEventsFlagTheScaleBenchmarkRunsAsBefore() {
    assertThat(EventsOptions.parse(new String[] {"--sizes", "1000", "--refresh", "60s"})).isNull();
  }

  @Test
  void takesItsOwnFlagsAndLeavesTheOthersWithTheirValuesForBenchOptions() {
    EventsOptions.Parsed parsed = EventsOptions.parse(new String[] {"--sizes", "1000", "--events", "--rotations", "5",
        "--poll-intervals", "60s,5m", "--tier", "real", "--events-refresh", "1h", "--idle-window", "90"});

    assertThat(parsed.options().rotations()).isEqualTo(5);
    assertThat(parsed.options().pollIntervals()).containsExactly(Duration.ofSeconds(60), Duration.ofMinutes(5));
    assertThat(parsed.options().eventsRefresh()).isEqualTo(Duration.ofHours(1));
    assertThat(parsed.options().idleWindow()).isEqualTo(Duration.ofSeconds(90));
    assertThat(List.of(parsed.rest())).containsExactly("--sizes", "1000", "--tier", "real");
    assertThat(BenchOptions.parse(parsed.rest()).sizes()).containsExactly(1000);
  }
}
