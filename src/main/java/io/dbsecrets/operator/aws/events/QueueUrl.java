package io.dbsecrets.operator.aws.events;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event queue's URL and the region it lives in, read from the URL itself so that one setting is enough:
 * https://sqs.REGION.amazonaws.com/ACCOUNT/NAME (also .amazonaws.com.cn and the legacy REGION.queue.amazonaws.com).
 * A URL of an emulator (moto, LocalStack) names no region: the operator's default region is used.
 */
public record QueueUrl(String url, String region) {
  private static final Pattern SQS_HOST = Pattern.compile("^sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");
  private static final Pattern LEGACY_HOST = Pattern.compile("^([a-z0-9-]+)\\.queue\\.amazonaws\\.com(\\.cn)?$");

  /**
   * @throws IllegalArgumentException when the URL is not an http(s) URL with a queue path
   */
  public static QueueUrl parse(String url, String defaultRegion) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage());
    }
    if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null
        || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new IllegalArgumentException("expected https://sqs.REGION.amazonaws.com/ACCOUNT/QUEUE, got " + url);
    }
    String host = uri.getHost().toLowerCase(java.util.Locale.ROOT);
    for (Pattern pattern : new Pattern[] {SQS_HOST, LEGACY_HOST}) {
      Matcher m = pattern.matcher(host);
      if (m.matches()) {
        return new QueueUrl(url.trim(), m.group(1));
      }
    }
    if (host.equals("queue.amazonaws.com")) {
      return new QueueUrl(url.trim(), "us-east-1");
    }
    return new QueueUrl(url.trim(), defaultRegion);
  }
}
