package io.dbsecrets.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DataHasherTest {
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  final DataHasher hasher = new DataHasher(KEY);

  @Test
  void sameDataGivesTheSameHash() {
    assertThat(hasher.hash(data("DB_PASSWORD", "hunter2", "DB_USER", "app")))
        .isEqualTo(new DataHasher(KEY.clone()).hash(data("DB_PASSWORD", "hunter2", "DB_USER", "app")))
        .hasSize(64);
  }

  @Test
  void repeatedAndConcurrentHashesOfOneHasherAgree() throws Exception {
    String expected = new DataHasher(KEY).hash(data("DB_PASSWORD", "hunter2"));
    hasher.hash(data("DB_USER", "app"));

    assertThat(hasher.hash(data("DB_PASSWORD", "hunter2"))).as("nothing left over from the previous hash")
        .isEqualTo(expected);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> hashes = pool.invokeAll(Collections.nCopies(200,
          () -> hasher.hash(data("DB_PASSWORD", "hunter2"))));
      for (Future<String> hash : hashes) {
        assertThat(hash.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anyChangeOfKeyOrValueChangesTheHash() {
    String original = hasher.hash(data("DB_PASSWORD", "hunter2", "DB_USER", "app"));

    assertThat(hasher.hash(data("DB_PASSWORD", "hunter3", "DB_USER", "app"))).isNotEqualTo(original);
    assertThat(hasher.hash(data("DB_PASSWD", "hunter2", "DB_USER", "app"))).isNotEqualTo(original);
    assertThat(hasher.hash(data("DB_PASSWORD", "hunter2"))).isNotEqualTo(original);
    assertThat(hasher.hash(data("DB_PASSWORD", "hunter2", "DB_USER", "app", "DB_HOST", ""))).isNotEqualTo(original);
  }

  @Test
  void hashDependsOnTheKeySoStatusCannotBeBruteForcedWithoutIt() {
    byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);

    assertThat(new DataHasher(otherKey).hash(data("DB_PASSWORD", "hunter2")))
        .isNotEqualTo(hasher.hash(data("DB_PASSWORD", "hunter2")));
  }

  @Test
  void orderInWhichKeysWereAddedDoesNotMatter() {
    assertThat(hasher.hash(data("a", "1", "b", "2"))).isEqualTo(hasher.hash(data("b", "2", "a", "1")));
  }

  @Test
  void movingBytesBetweenKeyAndValueChangesTheHash() {
    assertThat(hasher.hash(data("ab", "c"))).isNotEqualTo(hasher.hash(data("a", "bc")));
    assertThat(hasher.hash(data("a", "b", "c", ""))).isNotEqualTo(hasher.hash(data("a", "bc")));
  }

  @Test
  void keyShorterThanSixteenBytesIsRejected() {
    assertThatThrownBy(() -> new DataHasher(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    assertThat(new DataHasher(new byte[16]).hash(data("a", "b"))).hasSize(64);
  }

  @Test
  void changingTheCallersKeyArrayLaterDoesNotChangeHashes() {
    byte[] key = KEY.clone();
    DataHasher mine = new DataHasher(key);
    String before = mine.hash(data("a", "b"));

    key[0] ^= 1;

    assertThat(mine.hash(data("a", "b"))).isEqualTo(before);
  }

  static SecretData data(String... keysAndValues) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      entries.put(keysAndValues[i], keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return SecretData.of(entries);
  }
}
