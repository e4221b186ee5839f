package io.dbsecrets.operator.api;

public enum WorkloadKind { Deployment, StatefulSet, DaemonSet }
