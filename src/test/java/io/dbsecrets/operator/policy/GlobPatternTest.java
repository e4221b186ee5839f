package io.dbsecrets.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobPatternTest {
  @Test
  void starCoversTheWholeHierarchyUnderAPrefix() {
    GlobPattern teamA = GlobPattern.of("team-a/*");
    assertThat(teamA.matches("team-a/db")).isTrue();
    assertThat(teamA.matches("team-a/prod/db")).isTrue();
    assertThat(teamA.matches("team-b/db")).isFalse();
    assertThat(teamA.matches("team-a")).isFalse();
    assertThat(teamA.matches("xteam-a/db")).isFalse();
  }

  @Test
  void starNeverCrossesAnArnField() {
    GlobPattern arn = GlobPattern.of("arn:aws:secretsmanager:*:111122223333:secret:team-a/*");
    assertThat(arn.matches("arn:aws:secretsmanager:eu-west-1:111122223333:secret:team-a/db-AbCdEf")).isTrue();
    assertThat(arn.matches("arn:aws:secretsmanager:us-east-1:999999999999:secret:team-a/db-AbCdEf")).isFalse();
    assertThat(arn.matches("arn:aws:secretsmanager:us-east-1:999999999999:x:111122223333:secret:team-a/db"))
        .isFalse();
  }

  @Test
  void namePatternsAndArnPatternsNeverMatchTheOtherForm() {
    assertThat(GlobPattern.of("*").matches("team-a/db")).isTrue();
    assertThat(GlobPattern.of("*").matches("arn:aws:secretsmanager:us-east-1:111122223333:secret:team-a/db"))
        .isFalse();
    assertThat(GlobPattern.of("arn:aws:secretsmanager:*:*:secret:*").matches("team-a/db")).isFalse();
  }

  @Test
  void regexCharactersAreLiteralAndQuestionMarkIsOneCharacter() {
    assertThat(GlobPattern.of("db.prod+1").matches("db.prod+1")).isTrue();
    assertThat(GlobPattern.of("db.prod+1").matches("dbXprod+1")).isFalse();
    assertThat(GlobPattern.of("db-?").matches("db-1")).isTrue();
    assertThat(GlobPattern.of("db-?").matches("db-12")).isFalse();
    assertThat(GlobPattern.of("Team-A/*").matches("team-a/db")).isFalse();
  }

  @Test
  void listSplitsOnCommasAndIgnoresBlanks() {
    assertThat(GlobPattern.list(" team-a/* ,, arn:aws:iam::1:role/x ")).extracting(GlobPattern::glob)
        .containsExactly("team-a/*", "arn:aws:iam::1:role/x");
    assertThat(GlobPattern.list(null)).isEmpty();
  }
}
