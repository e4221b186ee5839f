package io.dbsecrets.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {

  @Test
  void oneShardSelectsEveryResourceLabelledOrNotAndKeepsTheLeaseName() {
    assertThat(Shard.ALL.sharded()).isFalse();
    assertThat(Shard.ALL.primarySelector()).isNull();
    assertThat(Shard.ALL.leaseName("externaldbsecret-operator")).isEqualTo("externaldbsecret-operator");
    assertThat(IntStream.range(0, 256).allMatch(Shard.ALL::owns)).isTrue();
  }

  @Test
  void everyBucketBelongsToExactlyOneShardOfThree() {
    List<Shard> shards = List.of(new Shard(3, 0), new Shard(3, 1), new Shard(3, 2));
    for (int bucket = 0; bucket < 256; bucket++) {
      int b = bucket;
      assertThat(shards.stream().filter(s -> s.owns(b)).count()).as("bucket %d", b).isEqualTo(1);
    }
  }

  @Test
  void primarySelectorListsTheShardsBucketsAsASetBasedSelector() {
    String selector = new Shard(2, 1).primarySelector();
    assertThat(selector).startsWith("dbsecrets.io/shard-key in (1,3,5,").endsWith(",253,255)");
    Set<Integer> buckets = buckets(selector);
    assertThat(buckets).hasSize(128).allSatisfy(b -> assertThat(b % 2).isOne());
  }

  @Test
  void selectorsOfAllShardsTogetherCoverEveryBucketOnce() {
    Set<Integer> seen = new HashSet<>();
    int total = 0;
    for (int i = 0; i < 3; i++) {
      Set<Integer> buckets = buckets(new Shard(3, i).primarySelector());
      total += buckets.size();
      seen.addAll(buckets);
    }
    assertThat(total).isEqualTo(256);
    assertThat(seen).hasSize(256);
  }

  @Test
  void unservedSelectorExcludesEveryValidBucketSoItMatchesMissingAndInvalidLabels() {
    String selector = Shard.unservedSelector();
    assertThat(selector).startsWith("dbsecrets.io/shard-key notin (0,1,2,");
    assertThat(buckets(selector)).hasSize(256);
  }

  @Test
  void eachShardElectsItsLeaderWithALeaseOfItsOwn() {
    assertThat(new Shard(2, 0).leaseName("edbs")).isEqualTo("edbs-shard-0");
    assertThat(new Shard(2, 1).leaseName("edbs")).isEqualTo("edbs-shard-1");
  }

  @Test
  void refusesAnIndexOutsideTheShardsAndNoShardsAtAll() {
    assertThatThrownBy(() -> new Shard(0, 0)).hasMessageContaining("DBSECRETS_SHARDS must be between 1 and 256");
    assertThatThrownBy(() -> new Shard(257, 0)).hasMessageContaining("DBSECRETS_SHARDS");
    assertThatThrownBy(() -> new Shard(2, 2))
        .hasMessage("DBSECRETS_SHARD must be between 0 and DBSECRETS_SHARDS - 1 = 1, not 2");
    assertThatThrownBy(() -> new Shard(2, -1)).hasMessageContaining("DBSECRETS_SHARD must be between 0");
  }

  @Test
  void labelPatchIsAJsonMergePatchOfTheLabelAlone() {
    assertThat(ShardLabeller.labelPatch(7)).isEqualTo("{\"metadata\":{\"labels\":{\"dbsecrets.io/shard-key\":\"7\"}}}");
  }

  private static Set<Integer> buckets(String selector) {
    String values = selector.substring(selector.indexOf('(') + 1, selector.indexOf(')'));
    return Arrays.stream(values.split(",")).map(Integer::valueOf).collect(Collectors.toSet());
  }
}
