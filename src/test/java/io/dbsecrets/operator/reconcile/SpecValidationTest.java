package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidationTest {
  @ParameterizedTest
  @ValueSource(strings = {"dev/fcj/momentum", "prod_db+ro=x.y@z!-1",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:dev/fcj/momentum-AbCdEf",
      "arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:db"})
  void acceptsSecretNamesAndArns(String secretId) {
    assertThat(SpecValidation.problems(spec(secretId))).isEmpty();
  }

  @Test
  void acceptsAFullyFilledSpec() {
    ExternalDbSecretSpec spec = spec("dev/fcj/momentum");
    spec.setVersionStage("AWSPREVIOUS");
    spec.setRefreshInterval("1h30m");
    spec.setRoleArn("arn:aws:iam::111122223333:role/payments-db-reader");
    spec.setData(List.of(new DataMapping("DB_PASSWORD", "password")));
    spec.setTemplate(Map.of("DB_URL", "postgres://{{ host }}"));

    assertThat(SpecValidation.problems(spec)).isEmpty();
  }

  @Test
  void secretIdIsRequired() {
    assertThat(SpecValidation.problems(spec(null))).singleElement().asString().contains("secretId is required");
    assertThat(SpecValidation.problems(spec(" "))).singleElement().asString().contains("secretId is required");
    assertThat(SpecValidation.problems(null)).singleElement().asString().contains("secretId is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"arn:aws:secretsmanager:us-east-1:1234:secret:db", "arn:aws:s3:::bucket",
      "has space", "arn:aws:secretsmanager:us-east-1:111122223333:db"})
  void rejectsMalformedSecretIds(String secretId) {
    assertThat(SpecValidation.problems(spec(secretId))).singleElement().asString().contains(secretId);
  }

  @Test
  void versionIdAndVersionStageAreMutuallyExclusive() {
    ExternalDbSecretSpec spec = spec("dev/db");
    spec.setVersionId("3f1c0000-0000-0000-0000-000000000000");
    spec.setVersionStage("AWSCURRENT");

    assertThat(SpecValidation.problems(spec)).singleElement().asString().contains("mutually exclusive");
  }

  @Test
  void rejectsABadRefreshInterval() {
    ExternalDbSecretSpec spec = spec("dev/db");
    spec.setRefreshInterval("1d");

    assertThat(SpecValidation.problems(spec)).singleElement().asString().contains("refreshInterval", "1d");
  }

  @Test
  void rejectsARoleArnThatIsNotAnIamRole() {
    ExternalDbSecretSpec spec = spec("dev/db");
    spec.setRoleArn("arn:aws:iam::111122223333:user/alice");

    assertThat(SpecValidation.problems(spec)).singleElement().asString().contains("roleArn");
  }

  @Test
  void rejectsADataKeyListedTwice() {
    ExternalDbSecretSpec spec = spec("dev/db");
    spec.setData(List.of(new DataMapping("DB_PASSWORD", "password"), new DataMapping("DB_PASSWORD", "pw")));

    assertThat(SpecValidation.problems(spec)).singleElement().asString().contains("DB_PASSWORD", "twice");
  }

  @Test
  void rejectsAKeyInBothDataAndTemplate() {
    ExternalDbSecretSpec spec = spec("dev/db");
    spec.setData(List.of(new DataMapping("DB_URL", "url")));
    spec.setTemplate(Map.of("DB_URL", "postgres://{{ host }}"));

    assertThat(SpecValidation.problems(spec)).singleElement().asString().contains("DB_URL", "template");
  }

  @Test
  void rejectsMoreThan64TargetLabelsOrAnnotations() {
    ExternalDbSecretSpec spec = spec("dev/db");
    java.util.Map<String, String> many = new java.util.LinkedHashMap<>();
    for (int i = 0; i <= 64; i++) {
      many.put("k" + i, "v");
    }
    spec.getTarget().setLabels(many);
    spec.getTarget().setAnnotations(many);

    assertThat(SpecValidation.problems(spec)).containsExactly("spec.target.labels: at most 64 labels",
        "spec.target.annotations: at most 64 annotations");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    ExternalDbSecretSpec spec = spec("dev/db");
    spec.setVersionId("v1");
    spec.setVersionStage("AWSCURRENT");
    spec.setRefreshInterval("soon");
    spec.setRoleArn("role");

    assertThat(SpecValidation.problems(spec)).hasSize(3);
  }

  static ExternalDbSecretSpec spec(String secretId) {
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId(secretId);
    return spec;
  }

  @Test
  void rolloutMinIntervalAndRestartWindowAreChecked() {
    ExternalDbSecretSpec spec = spec("dev/db");
    spec.getRollout().setMinInterval("soon");
    io.dbsecrets.operator.api.RestartWindow window = new io.dbsecrets.operator.api.RestartWindow();
    window.setStart("25:00");
    window.setEnd("04:00");
    window.setTimeZone("Mars/Olympus");
    spec.getRollout().setRestartWindow(window);

    assertThat(SpecValidation.problems(spec)).anySatisfy(p -> assertThat(p).startsWith("spec.rollout.minInterval"))
        .contains("spec.rollout.restartWindow.start: expected HH:MM",
            "spec.rollout.restartWindow.timeZone: unknown time zone 'Mars/Olympus'");

    spec.getRollout().setMinInterval("10m");
    window.setStart("02:00");
    window.setTimeZone("Europe/Berlin");
    assertThat(SpecValidation.problems(spec)).isEmpty();
  }
}
