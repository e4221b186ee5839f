package io.dbsecrets.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real, throwaway Kubernetes control plane for integration tests: etcd, kube-apiserver (RBAC
 * enforced, client-certificate auth) and kube-controller-manager (all default controllers, so
 * Deployments roll out ReplicaSets and the garbage collector runs) on free loopback ports, with
 * state in a temp dir. There is no scheduler and no kubelet: pods stay Pending.
 *
 * <p>It is started and stopped by {@code scripts/kube-up.sh} and {@code scripts/kube-down.sh}, the launcher that
 * {@code scripts/demo.sh} and the benchmark use too, so there is one set of flags. Binaries come from
 * {@code scripts/kube-binaries.sh} (built once into a cache outside the repo, which takes a long time cold).
 * Starting takes ~10-30 s, so tests normally share one instance per JVM via {@link #shared()}, or get it injected
 * by {@link KubeControlPlaneExtension}.
 *
 * <pre>{@code
 * KubeControlPlane kube = KubeControlPlane.shared();
 * KubernetesClient admin = kube.adminClient();                        // system:masters
 * try (KubernetesClient op = kube.serviceAccountClient("ns", "op")) { // RBAC applies
 *   op.secrets().inNamespace("ns").list();
 * }
 * }</pre>
 */
public final class KubeControlPlane implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
  private static KubeControlPlane shared;
  private static RuntimeException sharedFailure;

  private final Path repoRoot;
  private final Path dir;
  private Path binDir;
  private Process watchdog;
  private Config adminConfig;
  private KubernetesClient adminClient;
  private boolean closed;

  private KubeControlPlane(Path repoRoot, Path dir) {
    this.repoRoot = repoRoot;
    this.dir = dir;
  }

  /** The JVM-wide instance, started on first use and stopped by a shutdown hook. */
  public static synchronized KubeControlPlane shared() {
    if (sharedFailure != null) {
      throw new IllegalStateException("the shared control plane failed to start earlier", sharedFailure);
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (RuntimeException e) {
        sharedFailure = e; // do not retry a slow failing start in every test class
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kube-control-plane-stop"));
    }
    return shared;
  }

  /**
   * Starts a new, private control plane with {@code scripts/kube-up.sh} (which retries on fresh ports when one was
   * taken between picking and binding); the caller must {@link #close()} it.
   */
  public static KubeControlPlane start() {
    Path repoRoot = repoRoot();
    KubeControlPlane plane;
    try {
      plane = new KubeControlPlane(repoRoot, Files.createTempDirectory("dbsecrets-kube-it."));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      plane.startWatchdog();
      Map<String, String> env = exports(run(repoRoot, plane.script("kube-up.sh"), plane.dir.toString()));
      plane.binDir = Path.of(env.get("KCP_BIN_DIR"));
      plane.adminConfig = clientConfig(env.get("KCP_API_URL"), plane.dir.resolve("pki"), "admin");
      plane.adminClient = new KubernetesClientBuilder().withConfig(plane.adminConfig).build();
      // the serviceaccount controller creating "default" proves the controllers are running
      await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() ->
          plane.adminClient.serviceAccounts().inNamespace("default").withName("default").get() != null);
      return plane;
    } catch (IOException e) {
      plane.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      plane.close();
      throw e;
    }
  }

  /** Admin (system:masters) client configuration. */
  public Config adminConfig() {
    return new ConfigBuilder(adminConfig).build();
  }

  /** Admin client, shared; closed by {@link #close()}, so do not close it yourself. */
  public KubernetesClient adminClient() {
    return adminClient;
  }

  /** Configuration that impersonates {@code system:serviceaccount:<namespace>:<name>}. */
  public Config serviceAccountConfig(String namespace, String name) {
    return new ConfigBuilder(adminConfig)
        .withImpersonateUsername("system:serviceaccount:" + namespace + ":" + name)
        .withNamespace(namespace)
        .build();
  }

  /** New client acting as a ServiceAccount (RBAC applies to it); the caller closes it. */
  public KubernetesClient serviceAccountClient(String namespace, String name) {
    return new KubernetesClientBuilder().withConfig(serviceAccountConfig(namespace, name)).build();
  }

  public String apiServerUrl() {
    return adminConfig.getMasterUrl();
  }

  /** Admin kubeconfig file, for kubectl or child processes (e.g. the operator under test). */
  public Path kubeconfig() {
    return dir.resolve("admin.kubeconfig");
  }

  /** Directory with etcd, kube-apiserver, kube-controller-manager and kubectl. */
  public Path binDir() {
    return binDir;
  }

  /** Directory with logs/ of every process, handy when a test fails. */
  public Path stateDir() {
    return dir;
  }

  /**
   * Stops the processes (reverse start order) and deletes the temp dir, unless the environment
   * variable {@code DBSECRETS_KUBE_KEEP} is set (to read the logs after a failure). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (adminClient != null) {
      adminClient.close();
    }
    boolean keep = System.getenv("DBSECRETS_KUBE_KEEP") != null;
    try {
      if (keep) {
        run(repoRoot, script("kube-down.sh"), dir.toString(), "--keep");
        System.err.println("[kube-control-plane] kept state and logs in " + dir);
      } else {
        run(repoRoot, script("kube-down.sh"), dir.toString());
      }
    } finally {
      if (watchdog != null) {
        watchdog.destroy();
      }
    }
  }

  /**
   * If this JVM dies without running {@link #close()} (kill -9, fork timeout), a small shell loop
   * notices and runs {@code scripts/kube-down.sh} on the state dir, so no etcd/apiserver is left.
   */
  private void startWatchdog() throws IOException {
    watchdog = new ProcessBuilder("bash", "-c",
        "while kill -0 \"$1\" 2>/dev/null; do sleep 2; done; exec \"$2\" \"$3\"",
        "kube-control-plane-watchdog",
        Long.toString(ProcessHandle.current().pid()),
        script("kube-down.sh"),
        dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /**
   * Stops kube-apiserver alone, as an outage would: etcd keeps the state and the controller-manager keeps running.
   * Only for a private control plane ({@link #start()}): other test classes share {@link #shared()}.
   */
  public synchronized void stopApiServer() {
    run(repoRoot, script("kube-down.sh"), dir.toString(), "--only", "kube-apiserver");
  }

  /** Starts kube-apiserver (again) with the same flags and port, and waits until it serves. */
  public synchronized void startApiServer() {
    run(repoRoot, script("kube-up.sh"), "--restart-apiserver", dir.toString());
  }

  private String script(String name) {
    return repoRoot.resolve("scripts").resolve(name).toString();
  }

  /** The {@code export NAME=value} lines kube-up.sh prints. */
  private static Map<String, String> exports(String output) {
    Map<String, String> env = new HashMap<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("export ") && line.contains("=")) {
        String assignment = line.substring("export ".length());
        env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
      }
    }
    for (String name : List.of("KCP_API_URL", "KCP_BIN_DIR")) {
      if (!env.containsKey(name)) {
        throw new IllegalStateException("scripts/kube-up.sh printed no " + name + ":\n" + output);
      }
    }
    return env;
  }

  private static Config clientConfig(String apiUrl, Path pki, String user) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(apiUrl)
        .withCaCertFile(pki.resolve("ca.crt").toString())
        .withClientCertFile(pki.resolve(user + ".crt").toString())
        .withClientKeyFile(pki.resolve(user + ".key").toString())
        .withClientKeyAlgo("RSA")
        .withNamespace("default")
        .build();
  }

  /** Runs a command, returns its stdout; its stderr (progress) goes to ours. */
  private static String run(Path workDir, String... command) {
    try {
      List<String> args = new ArrayList<>(List.of(command));
      Process process = new ProcessBuilder(args)
          .directory(workDir.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exit);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The checkout root: -Ddbsecrets.repoRoot, else the nearest parent of the cwd with scripts/. */
  private static Path repoRoot() {
    String configured = System.getProperty("dbsecrets.repoRoot");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("scripts/kube-binaries.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("scripts/kube-binaries.sh not found above " + Path.of("").toAbsolutePath()
        + "; set -Ddbsecrets.repoRoot");
  }
}
