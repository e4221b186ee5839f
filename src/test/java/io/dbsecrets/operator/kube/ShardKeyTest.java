package io.dbsecrets.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardKeyTest {

  @Test
  void bucketIsTheFirstByteOfSha256OfNamespaceSlashNameAsTheReadmeSays() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest("payments/momentum-db".getBytes(StandardCharsets.UTF_8));
    assertThat(ShardKey.bucket("payments", "momentum-db")).isEqualTo(digest[0] & 0xff);
  }

  @Test
  void bucketsOfKnownNamesNeverChangeAcrossReleases() {
    // computed with `printf %s default/db | sha256sum`: a change here would move resources between shards
    assertThat(ShardKey.bucket("default", "db")).isEqualTo(232);
    assertThat(ShardKey.bucket("team-0", "db")).isEqualTo(83);
    assertThat(ShardKey.bucket("payments", "momentum-db")).isEqualTo(159);
  }

  @Test
  void similarNamesSpreadEvenlyOverTwoAndThreeShards() {
    for (int shards : new int[] {2, 3, 5}) {
      Map<Integer, Long> perShard = IntStream.range(0, 3000)
          .mapToObj(i -> ShardKey.bucket("payments", "db-" + i) % shards)
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(perShard).hasSize(shards);
      long fair = 3000 / shards;
      assertThat(perShard.values()).allSatisfy(n -> assertThat(n).isBetween(fair * 8 / 10, fair * 12 / 10));
    }
  }

  @Test
  void labelValuesOutsideTheBucketsNameNoBucket() {
    assertThat(ShardKey.parse("0")).isZero();
    assertThat(ShardKey.parse("255")).isEqualTo(255);
    assertThat(ShardKey.parse("256")).isEqualTo(-1);
    assertThat(ShardKey.parse("-1")).isEqualTo(-1);
    assertThat(ShardKey.parse("abc")).isEqualTo(-1);
    assertThat(ShardKey.parse("")).isEqualTo(-1);
    assertThat(ShardKey.parse(null)).isEqualTo(-1);
  }
}
