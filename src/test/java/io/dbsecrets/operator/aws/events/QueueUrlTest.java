package io.dbsecrets.operator.aws.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueueUrlTest {
  @Test
  void readsTheRegionFromAnSqsUrl() {
    assertThat(QueueUrl.parse("https://sqs.eu-central-1.amazonaws.com/111122223333/dbsecrets-events", "us-east-1")
        .region()).isEqualTo("eu-central-1");
    assertThat(QueueUrl.parse("https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q", "us-east-1").region())
        .isEqualTo("cn-north-1");
    assertThat(QueueUrl.parse("https://ap-south-1.queue.amazonaws.com/111122223333/q", "us-east-1").region())
        .isEqualTo("ap-south-1");
  }

  @Test
  void anEmulatorUrlUsesTheDefaultRegion() {
    assertThat(QueueUrl.parse("http://localhost:5000/123456789012/q", "eu-west-1").region()).isEqualTo("eu-west-1");
  }

  @Test
  void refusesWhatIsNoQueueUrl() {
    assertThatThrownBy(() -> QueueUrl.parse("dbsecrets-events", "us-east-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://sqs.REGION");
    assertThatThrownBy(() -> QueueUrl.parse("https://sqs.us-east-1.amazonaws.com/", "us-east-1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
