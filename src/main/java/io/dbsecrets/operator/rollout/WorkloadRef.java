package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.WorkloadKind;

/** A workload in a namespace, as status and events name it: {@code Kind/name}. */
public record WorkloadRef(String namespace, WorkloadKind kind, String name) implements Comparable<WorkloadRef> {
  @Override
  public String toString() {
    return kind + "/" + name;
  }

  @Override
  public int compareTo(WorkloadRef other) {
    return toString().compareTo(other.toString());
  }
}
