package io.dbsecrets.operator.reconcile;

import java.time.Duration;

/**
 * @param defaultRegion region for resources that name none and give no ARN
 * @param defaultRefreshInterval refresh interval for resources that set none
 * @param coalesceWindow how old a shared AWS answer may be for a first sync or a spec change
 */
public record SyncSettings(String defaultRegion, Duration defaultRefreshInterval, Duration coalesceWindow) {}
