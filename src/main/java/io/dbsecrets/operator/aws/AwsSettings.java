package io.dbsecrets.operator.aws;

import java.net.URI;
import java.time.Duration;

/**
 * How the operator talks to AWS.
 *
 * @param defaultRegion region for resources that name none
 * @param endpointOverride an endpoint for every AWS service (moto, LocalStack), or null for AWS itself. The SDK's
 *     own variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL_STS) work as well.
 * @param callTimeout limit on one API call including retries
 */
public record AwsSettings(String defaultRegion, URI endpointOverride, Duration callTimeout) {}
