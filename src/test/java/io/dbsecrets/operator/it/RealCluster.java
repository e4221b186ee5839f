package io.dbsecrets.operator.it;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/** What the ITs share on the one control plane of the JVM: the CRD, namespaces, resources, kubectl. */
final class RealCluster {
  /** Generous: two shared cores run etcd, the API server, the controller-manager, moto and the operator. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String CRD_NAME = "externaldbsecrets.dbsecrets.io";
  /** Where the operator keeps its hash key; the harness configures this namespace. */
  static final String OPERATOR_NAMESPACE = "dbsecrets-system";

  private RealCluster() {}

  /**
   * Moto and the operator for an IT class on the JVM's control plane: the CRD applied, one namespace for the class
   * (named {@code prefix-<random>}) that the class's operator alone watches.
   */
  static OperatorExtension operator(String namespacePrefix) {
    return OperatorExtension.on(() -> KubeControlPlane.shared().adminClient(), namespacePrefix)
        .installingCrdWith(admin -> {
          installCrd(admin);
          ensureNamespace(admin, OPERATOR_NAMESPACE);
        })
        .makingNamespacesWith(RealCluster::newNamespace)
        .namespacePerClass();
  }

  /** Installs (or re-applies) the checked-in CRD and waits until the server serves it. */
  static CustomResourceDefinition installCrd(KubernetesClient admin) {
    CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions()
        .load(new File(OperatorHarness.CRD.toString())).item();
    admin.resource(crd).forceConflicts().serverSideApply();
    Awaitility.await().atMost(TIMEOUT).until(() -> established(
        admin.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get()));
    return admin.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get();
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Creates the namespace if it is missing (other IT classes of this JVM may have created it). */
  static void ensureNamespace(KubernetesClient admin, String name) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /** A namespace no other test uses, on a control plane that outlives this class. */
  static String newNamespace(KubernetesClient admin, String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    ensureNamespace(admin, name);
    return name;
  }

  static ExternalDbSecret create(KubernetesClient client, String namespace, String name,
                                 Consumer<ExternalDbSecretSpec> spec) {
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    resource.setSpec(new ExternalDbSecretSpec());
    spec.accept(resource.getSpec());
    return client.resource(resource).create();
  }

  static ExternalDbSecret get(KubernetesClient client, String namespace, String name) {
    return client.resources(ExternalDbSecret.class).inNamespace(namespace).withName(name).get();
  }

  static String decode(Secret secret, String key) {
    if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
      return null;
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** Operator settings for the ITs: the harness defaults, watching only the given namespaces. */
  static Map<String, String> watching(String... namespaces) {
    return Map.of("DBSECRETS_WATCH_NAMESPACES", String.join(",", namespaces));
  }

  /** Runs the cached kubectl against the control plane as admin; returns stdout, fails with stderr. */
  static String kubectl(KubeControlPlane kube, String... args) {
    List<String> command = new ArrayList<>();
    command.add(kube.binDir().resolve("kubectl").toString());
    command.add("--kubeconfig=" + kube.kubeconfig());
    command.addAll(List.of(args));
    try {
      File stderr = File.createTempFile("kubectl", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectError(stderr).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl " + String.join(" ", args) + " timed out");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed with exit code "
              + process.exitValue() + ": " + Files.readString(stderr.toPath()));
        }
        return out;
      } finally {
        stderr.delete();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
