package io.dbsecrets.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.support.OffsetClock;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnWritesTest {
  private final OffsetClock clock = new OffsetClock();
  private final OwnWrites writes = new OwnWrites(clock);

  @Test
  void theEventOfAnExpectedWriteIsItsEchoOnce() {
    writes.expect(secret("db", Map.of("password", "bmV3")));

    assertThat(writes.isEcho(secret("db", Map.of("password", "bmV3")))).isTrue();
    assertThat(writes.isEcho(secret("db", Map.of("password", "bmV3"))))
        .as("a second event with the same data is somebody's change: it reconciles").isFalse();
    assertThat(writes.pending()).isZero();
  }

  @Test
  void aChangeWithOtherDataIsNotAnEchoAndLeavesTheExpectation() {
    writes.expect(secret("db", Map.of("password", "bmV3")));

    assertThat(writes.isEcho(secret("db", Map.of("password", "aGFuZA==")))).isFalse();
    assertThat(writes.isEcho(secret("other", Map.of("password", "bmV3")))).isFalse();
    assertThat(writes.isEcho(secret("db", Map.of("password", "bmV3")))).isTrue();
  }

  @Test
  void aFailedWriteHasNoEcho() {
    Secret desired = secret("db", Map.of("password", "bmV3"));
    writes.expect(desired);
    writes.cancel(desired);

    assertThat(writes.isEcho(desired)).isFalse();
    assertThat(writes.pending()).isZero();
  }

  @Test
  void anEchoLaterThanTheLimitIsNotWaitedFor() {
    writes.expect(secret("db", Map.of("password", "bmV3")));
    clock.skip(OwnWrites.FORGET_AFTER.plus(Duration.ofSeconds(1)));

    assertThat(writes.isEcho(secret("db", Map.of("password", "bmV3")))).isFalse();
    assertThat(writes.pending()).isZero();
  }

  @Test
  void noDataAndEmptyDataAreTheSame() {
    writes.expect(new SecretBuilder().withNewMetadata().withNamespace("ns").withName("db").endMetadata()
        .withData(Map.of()).build());

    assertThat(writes.isEcho(new SecretBuilder().withNewMetadata().withNamespace("ns").withName("db").endMetadata()
        .build())).isTrue();
  }

  private static Secret secret(String name, Map<String, String> data) {
    return new SecretBuilder().withNewMetadata().withNamespace("ns").withName(name).withResourceVersion("7")
        .endMetadata().withData(data).build();
  }
}
