package io.dbsecrets.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsTest {
  @Test
  void keepsObjectsByNamespaceAndNameWithoutTheirManagedFields() {
    WithoutManagedFields<Secret> store = new WithoutManagedFields<>();
    Secret secret = new SecretBuilder().withNewMetadata().withNamespace("apps").withName("db")
        .addToLabels("app.kubernetes.io/managed-by", "externaldbsecret-operator")
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Update")
            .withNewFieldsV1().addToAdditionalProperties("f:data", Map.of("f:password", Map.of())).endFieldsV1()
            .build())
        .endMetadata().addToData("password", "c2VjcmV0").build();

    store.put(store.getKey(secret), secret);

    Secret kept = store.get("apps/db");
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by",
        "externaldbsecret-operator");
    assertThat(kept.getData()).containsEntry("password", "c2VjcmV0");
  }
}
