package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsRequestsTest {
  @Test
  void sessionNameIsNamespaceDotNameWithCharactersStsRejectsReplaced() {
    assertThat(AwsRequests.sessionName("payments", "momentum-db")).isEqualTo("payments.momentum-db");
    assertThat(AwsRequests.sessionName("payments", "a/b c")).isEqualTo("payments.a-b-c");
  }

  @Test
  void longSessionNamesFitStsAndStayDistinct() {
    String prefix = "database-credentials-for-the-momentum-service-in-production-";
    String first = AwsRequests.sessionName("payments", prefix + "one");
    String second = AwsRequests.sessionName("payments", prefix + "two");
    assertThat(first).hasSize(64).matches("[\\w+=,.@-]+").startsWith("payments." + prefix.substring(0, 40));
    assertThat(second).hasSize(64).isNotEqualTo(first);
    assertThat(AwsRequests.sessionName("payments", prefix + "one")).isEqualTo(first);
  }
}
