package io.dbsecrets.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class AwsClientsTest {
  final AtomicLong now = new AtomicLong();
  final AwsClients clients = new AwsClients(
      new AwsSettings("us-east-1", URI.create("http://127.0.0.1:1"), Duration.ofSeconds(5)),
      AwsCallListener.NONE, Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b"), now::get);

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void assumedRoleClientIsReusedWhileInUse() {
    AwsIdentity role = role("payments.db");
    SecretsManagerClient first = clients.secretsManager("us-east-1", role);
    now.addAndGet(Duration.ofMinutes(90).toNanos());
    assertThat(clients.secretsManager("us-east-1", role)).isSameAs(first);
  }

  @Test
  void clientOfADeletedResourceIsDroppedOnceIdle() {
    SecretsManagerClient gone = clients.secretsManager("us-east-1", role("payments.deleted"));
    now.addAndGet(AwsClients.IDLE_EVICTION.plusMinutes(5).toNanos());

    clients.secretsManager("us-east-1", role("payments.other"));

    assertThat(clients.secretsManager("us-east-1", role("payments.deleted"))).isNotSameAs(gone);
  }

  @Test
  void operatorIdentityClientIsNeverDropped() {
    SecretsManagerClient own = clients.secretsManager("us-east-1", AwsIdentity.operator());
    now.addAndGet(AwsClients.IDLE_EVICTION.multipliedBy(3).toNanos());
    clients.secretsManager("us-east-1", role("payments.other"));
    assertThat(clients.secretsManager("us-east-1", AwsIdentity.operator())).isSameAs(own);
  }

  private static AwsIdentity role(String session) {
    return AwsIdentity.assumedRole("arn:aws:iam::111122223333:role/reader", null, session, "payments");
  }
}
