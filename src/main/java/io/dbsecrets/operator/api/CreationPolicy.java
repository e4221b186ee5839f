package io.dbsecrets.operator.api;

public enum CreationPolicy { Owner, Orphan, Merge }
