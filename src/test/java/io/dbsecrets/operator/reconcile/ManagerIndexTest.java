package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.kube.ManagedSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.junit.jupiter.api.Test;

class ManagerIndexTest {
  @Test
  void findsASecretUnderTheResourceItsSourceAnnotationNamesInItsNamespace() {
    Secret secret = new SecretBuilder().withNewMetadata().withNamespace("team-a").withName("old-target")
        .addToAnnotations(ManagedSecrets.SOURCE_ANNOTATION, "db").endMetadata().build();

    assertThat(ManagerIndex.keys(secret)).containsExactly(Cache.namespaceKeyFunc("team-a", "db"))
        .doesNotContain(Cache.namespaceKeyFunc("team-b", "db"), Cache.namespaceKeyFunc("team-a", "old-target"));
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
