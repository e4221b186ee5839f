package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartMarkerTest {
  static final String HASH = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void shortHashIsTheFirstSixteenHexDigits() {
    assertThat(RestartMarker.shortHash(HASH)).isEqualTo("0123456789abcdef");
  }

  @Test
  void markerNamesEachResourceAndItsDataSortedByName() {
    assertThat(RestartMarker.merge(Map.of(), Map.of("users-db", "bbbb", "orders-db", "aaaa")))
        .isEqualTo("orders-db:aaaa,users-db:bbbb");
  }

  @Test
  void restartReplacesItsResourcesEntriesAndKeepsTheOthers() {
    Map<String, String> template = Map.of(RestartMarker.MARKER_ANNOTATION, "orders-db:aaaa,users-db:bbbb");
    assertThat(RestartMarker.merge(template, Map.of("users-db", "cccc"))).isEqualTo("orders-db:aaaa,users-db:cccc");
  }

  @Test
  void carriesTellsWhetherTheWorkloadWasRestartedForThisData() {
    Map<String, String> template = Map.of(RestartMarker.MARKER_ANNOTATION, "orders-db:aaaa,users-db:bbbb");
    assertThat(RestartMarker.carries(template, "users-db", "bbbb")).isTrue();
    assertThat(RestartMarker.carries(template, "users-db", "cccc")).isFalse();
    assertThat(RestartMarker.carries(template, "billing-db", "bbbb")).isFalse();
    assertThat(RestartMarker.carries(Map.of(), "users-db", "bbbb")).isFalse();
    assertThat(RestartMarker.carries(null, "users-db", "bbbb")).isFalse();
  }

  @Test
  void foreignValuesAreIgnored() {
    assertThat(RestartMarker.parse("garbage,:x,y:,a:1")).containsExactly(Map.entry("a", "1"));
  }
}
