package io.dbsecrets.operator.api;

public enum DeletionPolicy { Retain, Delete }
