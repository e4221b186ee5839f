package io.dbsecrets.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * fabric8's token refresh, at most once a minute whatever it finds. fabric8's own interceptor re-reads the whole
 * configuration (kubeconfig, service-account token, environment) when its last successful refresh is more than a
 * minute old, and only a token it finds counts as success: a client authenticated by certificate (a kubeconfig
 * with client-certificate data) never finds one, so it re-read and re-parsed the kubeconfig on every request, a
 * fifth of the operator's allocation per reconcile. Here a refresh is attempted once a minute (and after a 401,
 * as fabric8 does); in between, requests carry the token the last refresh left in the shared {@link Config}.
 */
final class PacedTokenRefresh implements Interceptor {
  static final Duration EVERY = Duration.ofMinutes(1);
  /** Far enough ahead that fabric8's "last refresh + 1 minute" never passes, near enough not to overflow. */
  private static final Instant NEVER = Instant.MAX.minus(Duration.ofDays(1));

  private final Config config;
  private final HttpClient.Factory factory;
  private final Clock clock;
  /** Sets the Authorization header from the config, never refreshes. */
  private final TokenRefreshInterceptor headerOnly;
  private volatile Instant lastAttempt;

  PacedTokenRefresh(Config config, HttpClient.Factory factory, Clock clock) {
    this.config = config;
    this.factory = factory;
    this.clock = clock;
    this.headerOnly = new TokenRefreshInterceptor(config, factory, NEVER);
    this.lastAttempt = clock.instant();
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    Instant now = clock.instant();
    if (now.isBefore(lastAttempt.plus(EVERY))) {
      headerOnly.before(builder, request, tags);
      return;
    }
    lastAttempt = now;
    refreshing().before(builder, request, tags);
  }

  @Override
  public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
    return refreshing().afterFailure(builder, response, tags);
  }

  /** fabric8's interceptor, due to refresh now; it keeps no state of its own worth keeping (the token is in config). */
  private TokenRefreshInterceptor refreshing() {
    return new TokenRefreshInterceptor(config, factory, Instant.EPOCH);
  }
}
