package io.dbsecrets.operator.kube;

import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which part of the fleet this replica serves: the buckets b (see {@link ShardKey}) with b mod count == index. One
 * shard (the default) serves every resource and needs no label at all.
 */
public record Shard(int count, int index) {
  public static final Shard ALL = new Shard(1, 0);

  public Shard {
    if (count < 1 || count > ShardKey.BUCKETS) {
      throw new IllegalArgumentException("DBSECRETS_SHARDS must be between 1 and " + ShardKey.BUCKETS + ", not "
          + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("DBSECRETS_SHARD must be between 0 and DBSECRETS_SHARDS - 1 = "
          + (count - 1) + ", not " + index);
    }
  }

  public boolean sharded() {
    return count > 1;
  }

  public boolean owns(int bucket) {
    return bucket % count == index;
  }

  /** The label selector of this shard's primary informer; null when unsharded (every resource, labelled or not). */
  public String primarySelector() {
    if (!sharded()) {
      return null;
    }
    return ShardKey.LABEL + " in (" + buckets(this::owns) + ")";
  }

  /**
   * The resources no shard serves: without the label or with a value that names no bucket ({@code notin} also
   * matches a missing label). Empty in steady state, so watching it costs next to nothing.
   */
  public static String unservedSelector() {
    return ShardKey.LABEL + " notin (" + buckets(bucket -> true) + ")";
  }

  private static String buckets(IntPredicate which) {
    return IntStream.range(0, ShardKey.BUCKETS).filter(which).mapToObj(Integer::toString)
        .collect(Collectors.joining(","));
  }

  /** The Lease the replicas of this shard elect their leader with. */
  public String leaseName(String base) {
    return sharded() ? base + "-shard-" + index : base;
  }
}
