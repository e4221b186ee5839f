package io.dbsecrets.operator.rollout;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether a pod template reads a Secret's data: through an env secretKeyRef, an envFrom secretRef, a secret
 * volume or a projected volume's secret source, in any container or init container. Other mentions (such as
 * imagePullSecrets) do not put the data in front of the application, so they do not count.
 */
public final class SecretReferences {
  private SecretReferences() {}

  public static boolean references(PodSpec pod, String secretName) {
    if (pod == null || secretName == null) {
      return false;
    }
    List<Container> containers = new ArrayList<>();
    if (pod.getContainers() != null) {
      containers.addAll(pod.getContainers());
    }
    if (pod.getInitContainers() != null) {
      containers.addAll(pod.getInitContainers());
    }
    return containers.stream().anyMatch(c -> inEnv(c, secretName))
        || (pod.getVolumes() != null && pod.getVolumes().stream().anyMatch(v -> inVolume(v, secretName)));
  }

  private static boolean inEnv(Container container, String secretName) {
    if (container.getEnv() != null) {
      for (EnvVar env : container.getEnv()) {
        if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null
            && secretName.equals(env.getValueFrom().getSecretKeyRef().getName())) {
          return true;
        }
      }
    }
    if (container.getEnvFrom() != null) {
      for (EnvFromSource from : container.getEnvFrom()) {
        if (from.getSecretRef() != null && secretName.equals(from.getSecretRef().getName())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean inVolume(Volume volume, String secretName) {
    if (volume.getSecret() != null && secretName.equals(volume.getSecret().getSecretName())) {
      return true;
    }
    if (volume.getProjected() == null || volume.getProjected().getSources() == null) {
      return false;
    }
    return volume.getProjected().getSources().stream()
        .map(VolumeProjection::getSecret)
        .filter(Objects::nonNull)
        .anyMatch(s -> secretName.equals(s.getName()));
  }
}
