package io.dbsecrets.operator.support;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.rollout.RolloutOutcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Deployments, StatefulSets and DaemonSets whose pods read a Secret in each way a pod can (envFrom, one key, a
 * volume, a projected volume), created in one namespace: the workloads the rollout tests restart.
 */
public final class WorkloadFixtures {
  private final KubernetesClient client;
  private final String namespace;

  public WorkloadFixtures(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public void deployment(String name, PodSpec pod) {
    client.resource(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withSelector(new LabelSelectorBuilder().addToMatchLabels("app", name).build())
        .withTemplate(template(name, pod)).endSpec().build()).create();
  }

  public void statefulSet(String name, PodSpec pod) {
    client.resource(new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withServiceName(name)
        .withSelector(new LabelSelectorBuilder().addToMatchLabels("app", name).build())
        .withTemplate(template(name, pod)).endSpec().build()).create();
  }

  public void daemonSet(String name, PodSpec pod) {
    client.resource(new DaemonSetBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withSelector(new LabelSelectorBuilder().addToMatchLabels("app", name).build())
        .withTemplate(template(name, pod)).endSpec().build()).create();
  }

  /**
   * A synced resource that names one Deployment as its rollout target and last restarted it for {@code rolledOut},
   * as the reconciler hands it to the rollout code.
   */
  public static ExternalDbSecret restartingDeployment(String namespace, String name, String deployment,
      String rolledOut) {
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId("db/" + name);
    spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, deployment)));
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    resource.setSpec(spec);
    resource.setStatus(new ExternalDbSecretStatus());
    resource.getStatus().setRolloutDataHash(rolledOut);
    return resource;
  }

  /**
   * Records on the resource's status what the reconciler would from one afterSync's outcome (the data hash, and the
   * rolled-out hash and workloads), and returns the outcome.
   */
  public static RolloutOutcome recorded(ExternalDbSecret resource, String hash, RolloutOutcome outcome) {
    resource.getStatus().setDataHash(hash);
    if (outcome.summary() != null && outcome.summary().complete()) {
      resource.getStatus().setRolloutDataHash(outcome.dataHash());
    }
    if (outcome.tracked() != null) {
      resource.getStatus().setRolledOut(outcome.tracked());
    }
    return outcome;
  }

  public static PodTemplateSpec templateOf(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    if (workload instanceof StatefulSet s) {
      return s.getSpec().getTemplate();
    }
    return ((DaemonSet) workload).getSpec().getTemplate();
  }

  public static PodSpec envFrom(String secret) {
    return new PodSpecBuilder().addNewContainer().withName("app").withImage("app")
        .addNewEnvFrom().withNewSecretRef(secret, false).endEnvFrom().endContainer().build();
  }

  public static PodSpec envKey(String secret) {
    return new PodSpecBuilder().addNewContainer().withName("app").withImage("app")
        .addNewEnv().withName("DB_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", secret, false)
        .endValueFrom().endEnv().endContainer().build();
  }

  public static PodSpec secretVolume(String secret) {
    return new PodSpecBuilder().addNewContainer().withName("app").withImage("app").endContainer()
        .addNewVolume().withName("creds").withNewSecret().withSecretName(secret).endSecret().endVolume().build();
  }

  public static PodSpec projectedVolume(String secret) {
    return new PodSpecBuilder().addNewContainer().withName("app").withImage("app").endContainer()
        .addNewVolume().withName("creds").withNewProjected().addNewSource().withNewSecret().withName(secret)
        .endSecret().endSource().endProjected().endVolume().build();
  }

  private static PodTemplateSpec template(String name, PodSpec pod) {
    return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", name).endMetadata().withSpec(pod)
        .build();
  }
}
