package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {
  @Test
  void envSecretKeyRefReferences() {
    PodSpec pod = new PodSpecBuilder().addNewContainer().withName("app").addNewEnv().withName("DB_PASSWORD")
        .withNewValueFrom().withNewSecretKeyRef("password", "db", false).endValueFrom().endEnv().endContainer()
        .build();
    assertThat(SecretReferences.references(pod, "db")).isTrue();
    assertThat(SecretReferences.references(pod, "other")).isFalse();
  }

  @Test
  void envFromSecretRefReferences() {
    PodSpec pod = new PodSpecBuilder().addNewContainer().withName("app").addNewEnvFrom().withNewSecretRef("db", null)
        .endEnvFrom().endContainer().build();
    assertThat(SecretReferences.references(pod, "db")).isTrue();
  }

  @Test
  void secretVolumeReferences() {
    PodSpec pod = new PodSpecBuilder().addNewContainer().withName("app").endContainer()
        .addNewVolume().withName("creds").withNewSecret().withSecretName("db").endSecret().endVolume().build();
    assertThat(SecretReferences.references(pod, "db")).isTrue();
  }

  @Test
  void projectedVolumeSecretSourceReferences() {
    PodSpec pod = new PodSpecBuilder().addNewContainer().withName("app").endContainer()
        .addNewVolume().withName("all").withNewProjected()
        .addNewSource().withNewConfigMap().withName("settings").endConfigMap().endSource()
        .addNewSource().withNewSecret().withName("db").endSecret().endSource()
        .endProjected().endVolume().build();
    assertThat(SecretReferences.references(pod, "db")).isTrue();
    assertThat(SecretReferences.references(pod, "settings")).isFalse();
  }

  @Test
  void initContainersCount() {
    PodSpec pod = new PodSpecBuilder().addNewContainer().withName("app").endContainer()
        .addNewInitContainer().withName("migrate").addNewEnvFrom().withNewSecretRef("db", null).endEnvFrom()
        .endInitContainer().build();
    assertThat(SecretReferences.references(pod, "db")).isTrue();
  }

  @Test
  void otherSecretsConfigMapsAndImagePullSecretsDoNot() {
    PodSpec pod = new PodSpecBuilder()
        .addNewContainer().withName("app")
        .addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef("k", "other", false).endValueFrom().endEnv()
        .addNewEnv().withName("Y").withNewValueFrom().withNewConfigMapKeyRef("k", "db", false).endValueFrom().endEnv()
        .addNewEnvFrom().withNewConfigMapRef("db", null).endEnvFrom()
        .addNewEnv().withName("PLAIN").withValue("db").endEnv()
        .endContainer()
        .addNewImagePullSecret("db")
        .addNewVolume().withName("cm").withNewConfigMap().withName("db").endConfigMap().endVolume()
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .build();
    assertThat(SecretReferences.references(pod, "db")).isFalse();
    assertThat(SecretReferences.references(null, "db")).isFalse();
    assertThat(SecretReferences.references(new PodSpec(), "db")).isFalse();
  }
}
