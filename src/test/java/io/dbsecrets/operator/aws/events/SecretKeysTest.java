package io.dbsecrets.operator.aws.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretKeysTest {
  private static final String FULL = "arn:aws:secretsmanager:us-west-2:012345678901:secret:prod/db-a1b2c3";
  private static final String PARTIAL = "arn:aws:secretsmanager:us-west-2:012345678901:secret:prod/db";

  @Test
  void aResourceNamingTheSecretMatchesAnEventCarryingItsFullArn() {
    assertThat(meet(SecretKeys.of("prod/db", "us-west-2"), SecretKeys.of(FULL, "eu-west-1"))).isTrue();
  }

  @Test
  void aResourceNamingTheFullArnMatchesAnEventNamingTheSecret() {
    assertThat(meet(SecretKeys.of(FULL, "us-west-2"), SecretKeys.of("prod/db", "us-west-2"))).isTrue();
  }

  @Test
  void aPartialArnMatchesTheFullArnAndTheName() {
    assertThat(meet(SecretKeys.of(PARTIAL, "us-west-2"), SecretKeys.of(FULL, "us-west-2"))).isTrue();
    assertThat(meet(SecretKeys.of(PARTIAL, "us-west-2"), SecretKeys.of("prod/db", "us-west-2"))).isTrue();
  }

  @Test
  void theSameNameInAnotherRegionDoesNotMatch() {
    assertThat(meet(SecretKeys.of("prod/db", "eu-west-1"), SecretKeys.of(FULL, "us-west-2"))).isFalse();
  }

  @Test
  void aSecretWhoseNameExtendsAnotherDoesNotMatchIt() {
    assertThat(meet(SecretKeys.of("prod/db-2", "us-west-2"), SecretKeys.of(FULL, "us-west-2"))).isFalse();
    assertThat(meet(SecretKeys.of("prod", "us-west-2"), SecretKeys.of(FULL, "us-west-2"))).isFalse();
  }

  @Test
  void anArnOfAnotherServiceHasNoKeys() {
    assertThat(SecretKeys.of("arn:aws:s3:::bucket", "us-west-2")).isEmpty();
  }

  private static boolean meet(Set<String> a, Set<String> b) {
    Set<String> both = new HashSet<>(a);
    both.retainAll(b);
    return !both.isEmpty();
  }
}
