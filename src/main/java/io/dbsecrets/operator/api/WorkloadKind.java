package io.dbsecrets.operator.api;

/** The workloads a rollout restarts. {@code Rollout} is Argo Rollouts' (argoproj.io/v1alpha1), when installed. */
public enum WorkloadKind { Deployment, StatefulSet, DaemonSet, Rollout }
