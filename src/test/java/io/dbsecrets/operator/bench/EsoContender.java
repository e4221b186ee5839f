package io.dbsecrets.operator.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * External Secrets Operator's controller binary, built elsewhere from ESO's source (this repository neither builds
 * nor ships it), with its own CRDs. Each namespace gets a Secret with static (dummy) credentials and a SecretStore
 * for Secrets Manager; ESO reaches the recording proxy through AWS_SECRETSMANAGER_ENDPOINT, the endpoint override
 * its Secrets Manager provider reads (providers/v1/aws/secretsmanager/resolver.go).
 */
final class EsoContender implements Contender {
  static final String STORE = "bench-aws";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final Path binary;
  private final Path crdDir;
  private final List<String> flags;

  EsoContender(Path binary, Path crdDir, List<String> flags) {
    this.binary = binary;
    this.crdDir = crdDir;
    this.flags = flags;
  }

  @Override
  public String name() {
    return "ESO";
  }

  @Override
  public String apiVersion() {
    return "external-secrets.io/v1";
  }

  @Override
  public String kind() {
    return "ExternalSecret";
  }

  @Override
  public void install(KubernetesClient client, Iterable<String> namespaces) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(crdDir)) {
      files = list.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().startsWith("kustom"))
          .sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no CRDs in " + crdDir);
    }
    for (Path file : files) {
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
          .load(file.toFile()).item();
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    awaitServed(client, "SecretStore", namespaces.iterator().next());
    for (String namespace : namespaces) {
      client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(STORE)
          .endMetadata().addToStringData("access-key", "testing").addToStringData("secret-key", "testing").build())
          .create();
      client.genericKubernetesResources(apiVersion(), "SecretStore").inNamespace(namespace)
          .resource(new GenericKubernetesResourceBuilder().withApiVersion(apiVersion()).withKind("SecretStore")
              .withNewMetadata().withNamespace(namespace).withName(STORE).endMetadata()
              .addToAdditionalProperties("spec", Map.of("provider", Map.of("aws", Map.of(
                  "service", "SecretsManager",
                  "region", "us-east-1",
                  "auth", Map.of("secretRef", Map.of(
                      "accessKeyIDSecretRef", Map.of("name", STORE, "key", "access-key"),
                      "secretAccessKeySecretRef", Map.of("name", STORE, "key", "secret-key")))))))
              .build())
          .create();
    }
  }

  private void awaitServed(KubernetesClient client, String kind, String namespace) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        client.genericKubernetesResources(apiVersion(), kind).inNamespace(namespace).list();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Bench.sleep(Duration.ofMillis(200));
      }
    }
  }

  @Override
  public GenericKubernetesResource resource(String namespace, String name, String secretId, Duration refresh) {
    return new GenericKubernetesResourceBuilder().withApiVersion(apiVersion()).withKind(kind())
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .addToAdditionalProperties("spec", Map.of(
            "refreshInterval", refresh.toSeconds() + "s",
            "secretStoreRef", Map.of("name", STORE, "kind", "SecretStore"),
            "target", Map.of("name", name),
            // every JSON field of the secret becomes a key, as an ExternalDbSecret without data/template does
            "dataFrom", List.of(Map.of("extract", Map.of("key", secretId)))))
        .build();
  }

  @Override
  public Running start(Map<String, String> kubeEnv, URI awsEndpoint, Path log) throws IOException {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " missing: build ESO's controller (see bench/README.md)");
    }
    int metricsPort = OperatorProcess.freePort();
    int probePort = OperatorProcess.freePort();
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--metrics-addr=127.0.0.1:" + metricsPort, "--live-addr=127.0.0.1:" + probePort,
        "--enable-leader-election=false"));
    command.addAll(flags);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("KUBERNETES_") || k.equals("KUBECONFIG") || k.startsWith("AWS_"));
    env.putAll(kubeEnv);
    env.put("AWS_SECRETSMANAGER_ENDPOINT", awsEndpoint.toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    Files.writeString(log, "\n=== bench: starting ESO: " + String.join(" ", command) + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Process process = builder.start();
    return new Running() {
      @Override
      public long pid() {
        return process.pid();
      }

      @Override
      public void awaitStarted(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI readyz = URI.create("http://127.0.0.1:" + probePort + "/readyz");
        while (System.nanoTime() < deadline) {
          if (!process.isAlive()) {
            throw new IllegalStateException("ESO exited with " + process.exitValue() + "; see " + log);
          }
          try {
            if (HTTP.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
              return;
            }
          } catch (IOException notYet) {
            // not listening yet
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          Bench.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("ESO not ready after " + timeout + "; see " + log);
      }

      @Override
      public void close() {
        OperatorProcess.stop(process);
      }
    };
  }
}
