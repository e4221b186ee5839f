package io.dbsecrets.operator.aws;

import java.net.URI;
import java.time.Duration;

/**
 * How the operator talks to AWS.
 *
 * @param defaultRegion region for resources that name none
 * @param endpointOverride an endpoint for every AWS service (moto, LocalStack), or null for AWS itself. The SDK's
 *     own variables work as well: AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL_STS take precedence over
 *     this, AWS_ENDPOINT_URL gives way to it (see {@link AwsEndpoints}).
 * @param callTimeout limit on one API call including retries
 */
public record AwsSettings(String defaultRegion, URI endpointOverride, Duration callTimeout) {}
