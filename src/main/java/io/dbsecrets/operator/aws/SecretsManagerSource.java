package io.dbsecrets.operator.aws;

import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** Reads one secret with GetSecretValue. Holds no cache: every call is an AWS call. */
public class SecretsManagerSource implements SecretSource {
  private final AwsClients clients;

  public SecretsManagerSource(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public SecretValue fetch(SecretRequest request, Duration maxAge) throws FetchFailure {
    var builder = GetSecretValueRequest.builder().secretId(request.secretId());
    if (request.versionId() != null) {
      builder.versionId(request.versionId());
    } else {
      builder.versionStage(request.versionStage());
    }
    try {
      GetSecretValueResponse response =
          clients.secretsManager(request.region(), request.identity()).getSecretValue(builder.build());
      return new SecretValue(response.arn(), response.name(), response.versionId(), response.versionStages(),
          response.secretString(), response.secretBinary() == null ? null : response.secretBinary().asByteArray());
    } catch (SdkException e) {
      throw AwsErrors.classify("GetSecretValue", request.secretId(), request.region(), e);
    }
  }
}
