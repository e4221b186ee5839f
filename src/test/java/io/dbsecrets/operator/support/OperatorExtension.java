package io.dbsecrets.operator.support;

import io.dbsecrets.operator.OperatorRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * "Moto + operator + namespace" for a test class: the JVM's one moto ({@link MotoServer#shared()}), emptied before
 * the class (or before each test, {@link #freshAwsEachTest()}); the CRD on the class's API server; the operator as
 * deployed, started once for the class (or per test, {@link #startOperator}); and a new namespace for each test (or
 * one for the class, which its operator alone watches: {@link #namespacePerClass()}, as the real-server ITs share
 * one control plane per JVM).
 *
 * <pre>{@code
 * @EnableKubernetesMockClient(crud = true)
 * class FooTest {
 *   static KubernetesClient client;
 *   @RegisterExtension
 *   static final OperatorExtension env = OperatorExtension.on(() -> client, "foo");
 * }
 * }</pre>
 *
 * The client is a supplier because the mock-server extension injects it in its own beforeAll, which JUnit runs
 * before that of a registered field.
 */
public final class OperatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Supplier<KubernetesClient> clientSupplier;
  private final String namespacePrefix;
  private final Map<String, String> settings = new HashMap<>();
  private boolean operatorPerClass = true;
  private boolean freshAwsEachTest;
  private boolean namespacePerClass;
  private Clock clock = Clock.systemUTC();
  private Consumer<KubernetesClient> crdInstaller = OperatorHarness::installCrd;
  private BiFunction<KubernetesClient, String, String> namespaceMaker = OperatorHarness::newNamespace;
  private final Deque<AutoCloseable> closeAfterTest = new ArrayDeque<>();
  private KubernetesClient client;
  private MotoServer moto;
  private OperatorRuntime operator;
  private String namespace;

  private OperatorExtension(Supplier<KubernetesClient> client, String namespacePrefix) {
    this.clientSupplier = client;
    this.namespacePrefix = namespacePrefix;
  }

  /** On the API server the supplier gives (the class's mock server), namespaces named {@code prefix-N}. */
  public static OperatorExtension on(Supplier<KubernetesClient> client, String namespacePrefix) {
    return new OperatorExtension(client, namespacePrefix);
  }

  /** Operator settings on top of {@link OperatorHarness#config}, for the class's operator and per-test ones. */
  public OperatorExtension settings(Map<String, String> overrides) {
    settings.putAll(overrides);
    return this;
  }

  /** The clock of the class's operator and of per-test ones. */
  public OperatorExtension clock(Clock operatorClock) {
    clock = operatorClock;
    return this;
  }

  /** No operator for the whole class: each test starts its own with {@link #startOperator}. */
  public OperatorExtension operatorPerTest() {
    operatorPerClass = false;
    return this;
  }

  /** Empties moto before each test, for tests that reuse secret names or count AWS-side state. */
  public OperatorExtension freshAwsEachTest() {
    freshAwsEachTest = true;
    return this;
  }

  /**
   * One namespace for the whole class, the only one the class's operator watches (so it ignores resources of other
   * classes on a shared API server).
   */
  public OperatorExtension namespacePerClass() {
    namespacePerClass = true;
    return this;
  }

  /** How the CRD gets onto the API server (a real one needs server-side apply and waiting until it is served). */
  public OperatorExtension installingCrdWith(Consumer<KubernetesClient> installer) {
    crdInstaller = installer;
    return this;
  }

  /** How a namespace named after the prefix is made (client, prefix) -> name. */
  public OperatorExtension makingNamespacesWith(BiFunction<KubernetesClient, String, String> maker) {
    namespaceMaker = maker;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    client = clientSupplier.get();
    moto = MotoServer.shared();
    moto.reset();
    crdInstaller.accept(client);
    if (namespacePerClass) {
      namespace = namespaceMaker.apply(client, namespacePrefix);
      settings.put("DBSECRETS_WATCH_NAMESPACES", namespace);
    }
    if (operatorPerClass) {
      operator = OperatorHarness.start(client, OperatorHarness.config(moto, settings), clock);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (freshAwsEachTest) {
      moto.reset();
    }
    if (!namespacePerClass) {
      namespace = namespaceMaker.apply(client, namespacePrefix);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception failure = null;
    while (!closeAfterTest.isEmpty()) {
      try {
        closeAfterTest.pop().close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** Starts an operator with the class's settings plus {@code overrides}; it is stopped after the test. */
  public OperatorRuntime startOperator(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(settings);
    merged.putAll(overrides);
    return closeAfterTest(OperatorHarness.start(client, OperatorHarness.config(moto, merged), clock));
  }

  /** Closes {@code resource} after the current test (last registered, first closed). */
  public <T extends AutoCloseable> T closeAfterTest(T resource) {
    closeAfterTest.push(resource);
    return resource;
  }

  public MotoServer moto() {
    return moto;
  }

  /** Stops the class's operator and starts it again with the same settings, as a pod restart would. */
  public OperatorRuntime restartOperator() {
    operator.close();
    operator = OperatorHarness.start(client, OperatorHarness.config(moto, settings), clock);
    return operator;
  }

  /** The class's operator; null with {@link #operatorPerTest()}. */
  public OperatorRuntime operator() {
    return operator;
  }

  /** This test's namespace (the class's, with {@link #namespacePerClass()}). */
  public String namespace() {
    return namespace;
  }

  public KubernetesClient client() {
    return client;
  }
}
