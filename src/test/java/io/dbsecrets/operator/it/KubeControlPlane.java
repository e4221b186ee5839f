package io.dbsecrets.operator.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real, throwaway Kubernetes control plane for integration tests: etcd, kube-apiserver (RBAC
 * enforced, client-certificate auth) and kube-controller-manager (all default controllers, so
 * Deployments roll out ReplicaSets and the garbage collector runs) on free loopback ports, with
 * state in a temp dir. There is no scheduler and no kubelet: pods stay Pending.
 *
 * <p>Binaries come from {@code scripts/kube-binaries.sh} (built once into a cache outside the
 * repo, which takes a long time cold). Starting takes ~10-30 s, so tests normally share one
 * instance per JVM via {@link #shared()}, or get it injected by {@link KubeControlPlaneExtension}.
 * Flags mirror {@code scripts/lib/kube-control-plane.sh}; keep both in step.
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

  private final Path dir;
  private final Path binDir;
  private final List<Process> processes = new ArrayList<>();
  private Process watchdog;
  private String[] apiServerArgs;
  private Process apiServer;
  private Config adminConfig;
  private KubernetesClient adminClient;

  private KubeControlPlane(Path dir, Path binDir) {
    this.dir = dir;
    this.binDir = binDir;
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

  /** Starts a new, private control plane; the caller must {@link #close()} it. */
  public static KubeControlPlane start() {
    Path repoRoot = repoRoot();
    Path binDir = Path.of(run(repoRoot, repoRoot.resolve("scripts/kube-binaries.sh").toString(),
        "--print-bin-dir").strip());
    RuntimeException failure = null;
    // A port taken between picking and binding fails a start; a fresh set of ports nearly always works.
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return startOnce(repoRoot, binDir);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static KubeControlPlane startOnce(Path repoRoot, Path binDir) {
    try {
      KubeControlPlane plane = new KubeControlPlane(
          Files.createTempDirectory("dbsecrets-kube-it."), binDir);
      try {
        plane.startWatchdog(repoRoot);
        plane.startProcesses(repoRoot);
        return plane;
      } catch (RuntimeException | Error e) {
        plane.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    if (watchdog != null) {
      watchdog.destroy();
      watchdog = null;
    }
    if (adminClient != null) {
      adminClient.close();
      adminClient = null;
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      stop(processes.get(i));
    }
    processes.clear();
    if (System.getenv("DBSECRETS_KUBE_KEEP") == null) {
      deleteRecursively(dir);
    } else {
      System.err.println("[kube-control-plane] kept state and logs in " + dir);
    }
  }

  /**
   * If this JVM dies without running {@link #close()} (kill -9, fork timeout), a small shell loop
   * notices and runs {@code scripts/kube-down.sh} on the state dir, so no etcd/apiserver is left.
   */
  private void startWatchdog(Path repoRoot) throws IOException {
    watchdog = new ProcessBuilder("bash", "-c",
        "while kill -0 \"$1\" 2>/dev/null; do sleep 2; done; exec \"$2\" \"$3\"",
        "kube-control-plane-watchdog",
        Long.toString(ProcessHandle.current().pid()),
        repoRoot.resolve("scripts/kube-down.sh").toString(),
        dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private void startProcesses(Path repoRoot) throws IOException {
    Files.createDirectories(dir.resolve("logs"));
    Path pki = dir.resolve("pki");
    run(repoRoot, repoRoot.resolve("scripts/kube-certs.sh").toString(), pki.toString());
    int etcdPort = freePort();
    int etcdPeerPort = freePort();
    int apiPort = freePort();
    int kcmPort = freePort();
    String etcdUrl = "http://127.0.0.1:" + etcdPort;
    String peerUrl = "http://127.0.0.1:" + etcdPeerPort;

    Process etcd = launch("etcd",
        "--name=kcp",
        "--data-dir=" + dir.resolve("etcd"),
        "--listen-client-urls=" + etcdUrl,
        "--advertise-client-urls=" + etcdUrl,
        "--listen-peer-urls=" + peerUrl,
        "--initial-advertise-peer-urls=" + peerUrl,
        "--initial-cluster=kcp=" + peerUrl,
        "--unsafe-no-fsync=true",
        "--log-level=warn");
    awaitReady("etcd", etcd, () -> httpOk(etcdUrl + "/health"));

    apiServerArgs = new String[] {
        "--etcd-servers=" + etcdUrl,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + apiPort,
        "--tls-cert-file=" + pki.resolve("apiserver.crt"),
        "--tls-private-key-file=" + pki.resolve("apiserver.key"),
        "--client-ca-file=" + pki.resolve("ca.crt"),
        "--authorization-mode=RBAC",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + pki.resolve("sa.pub"),
        "--service-account-signing-key-file=" + pki.resolve("sa.key"),
        "--service-cluster-ip-range=10.0.0.0/24",
        "--endpoint-reconciler-type=none",
        "--allow-privileged=true",
        "--profiling=false",
        "--v=1"};
    String apiUrl = "https://127.0.0.1:" + apiPort;
    adminConfig = clientConfig(apiUrl, pki, "admin");
    adminClient = new KubernetesClientBuilder().withConfig(adminConfig).build();
    startApiServer();
    Files.writeString(kubeconfig(), kubeconfigYaml(apiUrl, pki, "admin"));

    Path kcmKubeconfig = dir.resolve("controller-manager.kubeconfig");
    Files.writeString(kcmKubeconfig, kubeconfigYaml(apiUrl, pki, "controller-manager"));
    Process controllerManager = launch("kube-controller-manager",
        "--kubeconfig=" + kcmKubeconfig,
        "--bind-address=127.0.0.1",
        "--secure-port=" + kcmPort,
        "--cert-dir=" + dir.resolve("kcm-certs"),
        "--controllers=*",
        "--use-service-account-credentials=false",
        "--service-account-private-key-file=" + pki.resolve("sa.key"),
        "--root-ca-file=" + pki.resolve("ca.crt"),
        "--cluster-signing-cert-file=" + pki.resolve("ca.crt"),
        "--cluster-signing-key-file=" + pki.resolve("ca.key"),
        "--leader-elect=false",
        "--profiling=false",
        "--v=1");
    // the serviceaccount controller creating "default" proves the controllers are running
    awaitReady("kube-controller-manager", controllerManager, () ->
        adminClient.serviceAccounts().inNamespace("default").withName("default").get() != null);
  }

  /**
   * Stops kube-apiserver alone, as an outage would: etcd keeps the state and the controller-manager keeps running.
   * Only for a private control plane ({@link #start()}): other test classes share {@link #shared()}.
   */
  public synchronized void stopApiServer() {
    if (apiServer != null) {
      stop(apiServer);
      processes.remove(apiServer);
      apiServer = null;
    }
  }

  /** Starts kube-apiserver (again) with the same flags and port, and waits until it serves. */
  public synchronized void startApiServer() {
    if (apiServer != null) {
      return;
    }
    try {
      apiServer = launch("kube-apiserver", apiServerArgs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String readyz = adminConfig.getMasterUrl().replaceAll("/+$", "") + "/readyz";
    awaitReady("kube-apiserver", apiServer, () -> "ok".equals(adminClient.raw(readyz)));
  }

  private Process launch(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binDir.resolve(name).toString());
    command.addAll(List.of(args));
    Path log = dir.resolve("logs").resolve(name + ".log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    processes.add(process);
    // same format as the shell scripts, so `scripts/kube-down.sh DIR` can clean up after a killed JVM
    Files.writeString(dir.resolve("pids"), name + " " + process.pid() + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return process;
  }

  private void awaitReady(String name, Process process, BooleanSupplier ready) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    RuntimeException lastFailure = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue()
            + " during startup:\n" + logTail(name));
      }
      try {
        if (ready.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        lastFailure = e; // not up yet
      }
      sleep(Duration.ofMillis(300));
    }
    throw new IllegalStateException(name + " not ready after " + STARTUP_TIMEOUT + " (last probe: "
        + lastFailure + "):\n" + logTail(name));
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

  private static String kubeconfigYaml(String apiUrl, Path pki, String user) {
    return String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: dbsecrets-test",
        "  cluster:",
        "    server: " + apiUrl,
        "    certificate-authority: " + pki.resolve("ca.crt"),
        "users:",
        "- name: " + user,
        "  user:",
        "    client-certificate: " + pki.resolve(user + ".crt"),
        "    client-key: " + pki.resolve(user + ".key"),
        "contexts:",
        "- name: dbsecrets-test",
        "  context:",
        "    cluster: dbsecrets-test",
        "    user: " + user,
        "current-context: dbsecrets-test",
        "");
  }

  private static boolean httpOk(String url) {
    try {
      HttpResponse<Void> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String logTail(String name) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("logs").resolve(name + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A loopback port below the kernel's ephemeral range: one inside it can be the local end of an outgoing
   * connection by the time a server binds it.
   */
  private static int freePort() throws IOException {
    int ephemeralLow = 32768;
    // Files.readString trusts the size procfs reports and returns a truncated value; read the stream instead.
    try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      int low = Integer.parseInt(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
          .trim().split("\\s+")[0]);
      if (low > 16000) {
        ephemeralLow = low;
      }
    } catch (IOException | RuntimeException unreadable) {
      // keep Linux's default
    }
    java.util.Random random = new java.util.Random();
    for (int i = 0; i < 200; i++) {
      int port = 15000 + random.nextInt(Math.max(1, ephemeralLow - 15000));
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free loopback port below " + ephemeralLow);
  }

  /** Runs a command, returns its stdout; its stderr (progress) goes to ours. */
  private static String run(Path workDir, String... command) {
    try {
      Process process = new ProcessBuilder(command)
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

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: it is a temp dir
    }
  }
}
