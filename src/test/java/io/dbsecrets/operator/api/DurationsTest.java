package io.dbsecrets.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "1h30m, PT1H30M",
      "90s, PT1M30S",
      "1.5h, PT1H30M",
      "500ms, PT0.5S",
      "0, PT0S",
      "0s, PT0S",
      "15m, PT15M",
      "2h45m30.5s, PT2H45M30.5S",
      "1500us, PT0.0015S",
      "250ns, PT0.00000025S"})
  void parsesGoDurations(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"1d", "abc", "1h 30m", " ", "h", "30", "1h30", "5 m", "1hm", "-"})
  void rejectsWhatIsNotAGoDuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsEmpty(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1d", "1h 30m"})
  void errorSaysWhatADurationLooksLike(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining(text).hasMessageContaining("30s");
  }
}
