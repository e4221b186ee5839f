package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.kube.ManagedSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class ManagerIndexTest {
  @Test
  void findsASecretUnderTheResourceItsSourceAnnotationNamesInItsNamespace() {
    Secret secret = new SecretBuilder().withNewMetadata().withNamespace("team-a").withName("old-target")
        .addToAnnotations(ManagedSecrets.SOURCE_ANNOTATION, "db").endMetadata().build();

    assertThat(ManagerIndex.keys(secret)).containsExactly(ManagerIndex.key("team-a", "db"))
        .doesNotContain(ManagerIndex.key("team-b", "db"), ManagerIndex.key("team-a", "old-target"));
  }

  @Test
  void aSecretNoResourceMarksAsItsOwnIsNotIndexed() {
    Secret secret = new SecretBuilder().withNewMetadata().withNamespace("team-a").withName("plain")
        .addToAnnotations("other", "x").endMetadata().build();

    assertThat(ManagerIndex.keys(secret)).isEmpty();
    assertThat(ManagerIndex.keys(new SecretBuilder().withNewMetadata().withNamespace("team-a").withName("bare")
        .endMetadata().build())).isEmpty();
  }
}
