package io.dbsecrets.operator.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/** DescribeSecret, as the identity and in the region the read used. Returns metadata only, never the value. */
public class SecretsManagerDescriber implements SecretDescriber {
  private final AwsClients clients;

  public SecretsManagerDescriber(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public SecretPresence describe(SecretRequest request) {
    try {
      DescribeSecretResponse response = clients.secretsManager(request.region(), request.identity())
          .describeSecret(b -> b.secretId(request.secretId()));
      return response.deletedDate() == null ? SecretPresence.exists()
          : SecretPresence.scheduledForDeletion(response.deletedDate());
    } catch (SdkException e) {
      FetchFailure failure = AwsErrors.classify("DescribeSecret", request.secretId(), request.region(), e);
      return failure.reason() == FailureReason.SecretNotFound ? SecretPresence.notFound()
          : SecretPresence.unknown(failure.getMessage());
    }
  }
}
