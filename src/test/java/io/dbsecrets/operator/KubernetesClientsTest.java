package io.dbsecrets.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesClientsTest {
  static KubernetesClient client;

  @Test
  void answersManyConcurrentRequestsWithABoundedNumberOfHttpThreads() {
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("cm")
        .endMetadata().addToData("k", "v").build()).create();
    ExecutorService callers = Executors.newFixedThreadPool(32);
    try (KubernetesClient operatorClient = KubernetesClients.forOperator(client.getConfiguration())) {
      List<CompletableFuture<String>> answers = IntStream.range(0, 200)
          .mapToObj(i -> CompletableFuture.supplyAsync(() -> operatorClient.configMaps().inNamespace("default")
              .withName("cm").get().getData().get("k"), callers))
          .toList();
      assertThat(answers).allSatisfy(answer -> assertThat(answer.join()).isEqualTo("v"));
      // threads are named kube-http-<client>-<n>; other tests' clients may still have idle ones
      Map<String, Long> threadsByClient = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
          .filter(name -> name.startsWith("kube-http-"))
          .collect(Collectors.groupingBy(name -> name.substring(0, name.lastIndexOf('-')), Collectors.counting()));
      assertThat(threadsByClient).isNotEmpty()
          .allSatisfy((pool, threads) -> assertThat(threads).isLessThanOrEqualTo(BoundedJdkHttpClientFactory.THREADS));
    } finally {
      callers.shutdownNow();
    }
  }
}
