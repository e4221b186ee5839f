package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.RefreshIntervals;
import java.time.Duration;

/**
 * @param defaultRegion region for resources that name none and give no ARN
 * @param refreshIntervals the default refresh interval and the floor every resource's interval is held to
 * @param coalesceWindow how old a shared AWS answer may be for a first sync or a spec change
 */
public record SyncSettings(String defaultRegion, RefreshIntervals refreshIntervals, Duration coalesceWindow) {}
