package io.dbsecrets.operator.pod;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pod tier's cluster: the images built by scripts/image.sh (the operator, and the tiny application
 * {@link PrintEnv}), and a control plane with a node that runs them (scripts/node-up.sh), stopped by {@link #close()}
 * (scripts/node-down.sh) with everything it started. The scripts are the same a developer runs by hand.
 */
final class PodCluster implements AutoCloseable {
  static final String OPERATOR_IMAGE = "localhost/externaldbsecret-operator:dev";
  static final String APP_IMAGE = "localhost/dbsecrets-printenv:dev";

  private final Path dir;
  private final Path kubeconfig;
  private final String nodeIp;
  private final KubernetesClient admin;
  /** A test JVM stopped by a signal (Maven interrupted) still stops the kubelet, containerd and the pods. */
  private final Thread stopOnExit;

  private PodCluster(Path dir, Path kubeconfig, String nodeIp) {
    this.dir = dir;
    this.kubeconfig = kubeconfig;
    this.nodeIp = nodeIp;
    this.admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(kubeconfig))).build();
    this.stopOnExit = new Thread(() -> run(dir, "node-down", "scripts/node-down.sh", dir.toString()));
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Builds both images from target/ (the jar `mvn verify` packaged, the compiled test classes), starts the node. */
  static PodCluster start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("dbsecrets-pod-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path operator = Path.of("target", "image", "operator.tar").toAbsolutePath();
    Path app = Path.of("target", "image", "printenv.tar").toAbsolutePath();
    run(dir, "image", "scripts/image.sh", "--no-package", "--save", operator.toString());
    run(dir, "image-app", "scripts/image.sh", "--no-package", "--printenv-app", "--save", app.toString());
    try {
      run(dir, "node-up", "scripts/node-up.sh", dir.toString(), operator.toString(), app.toString());
      Map<String, String> env = exports(dir.resolve("env"));
      return new PodCluster(dir, Path.of(env.get("KUBECONFIG")), env.get("KCP_NODE_IP"));
    } catch (RuntimeException e) {
      run(dir, "node-down", "scripts/node-down.sh", dir.toString());
      throw e;
    }
  }

  KubernetesClient admin() {
    return admin;
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  /** The address pods reach this machine (and so moto) at. */
  String nodeIp() {
    return nodeIp;
  }

  @Override
  public void close() {
    Runtime.getRuntime().removeShutdownHook(stopOnExit);
    admin.close();
    run(dir, "node-down", "scripts/node-down.sh", dir.toString());
    // stopped and unmounted: the state (etcd, containerd's images and snapshots) goes too
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a script of the project, its output in DIR/NAME.log; fails with the end of that log. */
  private static void run(Path dir, String name, String... command) {
    File log = dir.resolve(name + ".log").toFile();
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
      if (!process.waitFor(15, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 15 minutes; see " + log);
      }
      if (process.exitValue() != 0) {
        List<String> lines = Files.readAllLines(log.toPath());
        List<String> tail = lines.subList(Math.max(0, lines.size() - 30), lines.size());
        throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
            + "); end of " + log + ":\n" + String.join("\n", tail));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The `export NAME=value` lines node-up.sh writes. */
  private static Map<String, String> exports(Path envFile) {
    Map<String, String> env = new HashMap<>();
    for (String line : read(envFile).split("\n")) {
      if (line.startsWith("export ") && line.contains("=")) {
        String assignment = line.substring("export ".length());
        env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
      }
    }
    return env;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
