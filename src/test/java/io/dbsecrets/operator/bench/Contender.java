package io.dbsecrets.operator.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One operator in the side-by-side comparison: what it needs installed, the resource a user writes for "every JSON
 * field of this secret as a key", and how its process starts.
 */
interface Contender {
  String name();

  String apiVersion();

  String kind();

  /** CRDs and whatever each namespace needs before resources are created (ESO: credentials and a SecretStore). */
  void install(KubernetesClient client, Iterable<String> namespaces) throws IOException;

  GenericKubernetesResource resource(String namespace, String name, String secretId, Duration refresh);

  Running start(Map<String, String> kubeEnv, URI awsEndpoint, Path log) throws IOException;

  /** A started operator process; the hooks let a profiler cut its recording at the phase boundaries. */
  interface Running extends AutoCloseable {
    long pid();

    /** Returns once the process answers its readiness probe; throws if it exits first. */
    void awaitStarted(Duration timeout);

    default void allReady() {}

    default void steadyCycleStarts() {}

    default void steadyCycleEnds() {}

    @Override
    void close();
  }
}
