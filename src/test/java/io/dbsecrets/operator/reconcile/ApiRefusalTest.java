package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class ApiRefusalTest {

  @Test
  void invalidSecretIsDescribedByFieldAndCauseWithoutTheQuotedValue() {
    Status status = new StatusBuilder().withCode(422).withReason("Invalid")
        .withMessage("Secret \"db\" is invalid: data[.dockerconfigjson]: Invalid value: \"hunter2\": invalid character")
        .withNewDetails().addNewCause().withField("data[.dockerconfigjson]").withReason("FieldValueInvalid")
        .withMessage("Invalid value: \"hunter2\": invalid character 'h' looking for beginning of value").endCause()
        .addNewCause().withField("metadata.labels").withReason("FieldValueTooLong").endCause()
        .endDetails().build();

    assertThat(ApiRefusal.describe(new KubernetesClientException(status))).hasValueSatisfying(text -> assertThat(text)
        .isEqualTo("HTTP 422 Invalid: data[.dockerconfigjson] is invalid; metadata.labels is too long")
        .doesNotContain("hunter2"));
  }

  @Test
  void refusalWithoutCausesNamesTheCodeAndReasonOnly() {
    Status status = new StatusBuilder().withCode(403).withReason("Forbidden")
        .withMessage("admission webhook \"policy.example.com\" denied the request: value hunter2 not allowed").build();

    assertThat(ApiRefusal.describe(new KubernetesClientException(status))).hasValue("HTTP 403 Forbidden");
  }

  @Test
  void conflictsOutagesAndServerErrorsAreNotRefusals() {
    assertThat(ApiRefusal.describe(new KubernetesClientException(
        new StatusBuilder().withCode(409).withReason("Conflict").build()))).isEmpty();
    assertThat(ApiRefusal.describe(new KubernetesClientException(
        new StatusBuilder().withCode(503).withReason("ServiceUnavailable").build()))).isEmpty();
    assertThat(ApiRefusal.describe(new KubernetesClientException("connection refused"))).isEmpty();
  }
}
