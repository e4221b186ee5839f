package io.dbsecrets.operator.support;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.config.OperatorConfig;
import io.dbsecrets.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator as it runs in production (same wiring, same patch modes), pointed at a Kubernetes API (the fabric8
 * mock server in CRUD mode, or a real one) and at moto. The operator reads its AWS identity from the same map as
 * its settings, as production reads both from System.getenv(): {@link #config} gives it access keys, and a test
 * of another identity (IRSA, Pod Identity) removes them.
 */
public final class OperatorHarness {
  public static final Path CRD = Path.of("crds", "externaldbsecrets.dbsecrets.io-v1.yml");
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static {
    System.setProperty("aws.region", MotoServer.REGION);
  }

  private OperatorHarness() {}

  public static void installCrd(KubernetesClient client) {
    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
        .load(new File(CRD.toString())).item();
    // a POST that timed out on a loaded machine and was retried finds its own CRD: that is success too
    client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(NonDeletingOperation::update);
  }

  public static Map<String, String> config(MotoServer moto, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("DBSECRETS_AWS_ENDPOINT", moto.endpoint().toString());
    env.put("DBSECRETS_DEFAULT_REGION", MotoServer.REGION);
    env.put("DBSECRETS_HTTP_PORT", "0");
    env.put("DBSECRETS_OPERATOR_NAMESPACE", "dbsecrets-system");
    env.put("DBSECRETS_POLICY_ENFORCED", "false");
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.putAll(overrides);
    return env;
  }

  public static OperatorRuntime start(KubernetesClient client, Map<String, String> env) {
    return start(client, env, Clock.systemUTC());
  }

  /** With the clock the operator decides by (an {@link OffsetClock} lets a test skip a wait it measures). */
  public static OperatorRuntime start(KubernetesClient client, Map<String, String> env, Clock clock) {
    return OperatorRuntime.start(OperatorConfig.fromEnvironment(env, new String[0]), client, env, clock);
  }

  public static String newNamespace(KubernetesClient client, String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  public static Optional<Condition> ready(ExternalDbSecret resource) {
    if (resource == null || resource.getStatus() == null) {
      return Optional.empty();
    }
    return Conditions.find(resource.getStatus().getConditions(), Conditions.READY);
  }

  /** Reconciles the operator ran, by what they decided (NONE: nothing to read from AWS). */
  public static long reconciles(OperatorRuntime runtime, String trigger) {
    return (long) runtime.metrics().registry().find("dbsecrets_reconciles_total").tag("trigger", trigger)
        .counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
  }

  public static String readyReason(KubernetesClient client, String namespace, String name) {
    return ready(client.resources(ExternalDbSecret.class).inNamespace(namespace).withName(name).get())
        .map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  public static Secret secret(KubernetesClient client, String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  public static List<Event> events(KubernetesClient client, String namespace, String involvedName) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> involvedName.equals(e.getInvolvedObject().getName())).toList();
  }
}
