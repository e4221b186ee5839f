package io.dbsecrets.operator.bench;

import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * This operator, from the shaded jar in its own JVM with the bench's flags (as {@link ScaleBenchmark} runs it). With
 * a JFR directory it records start-up (JVM start to all Ready) and one steady cycle into separate files.
 */
final class OursContender implements Contender {
  private final String jvmOptions;
  private final Path jar;
  private final Path jfrDir;
  private final int size;
  private final Path cdsClassList;
  private Path cdsArchive;

  /** @param cdsClassList the image's class list, to share classes as the image does; null: no archive */
  OursContender(String jvmOptions, Path jar, Path jfrDir, int size, Path cdsClassList) {
    this.jvmOptions = jvmOptions;
    this.jar = jar;
    this.jfrDir = jfrDir;
    this.size = size;
    this.cdsClassList = cdsClassList;
  }

  @Override
  public String name() {
    return "ours";
  }

  @Override
  public String apiVersion() {
    return "dbsecrets.io/v1alpha1";
  }

  @Override
  public String kind() {
    return "ExternalDbSecret";
  }

  @Override
  public void install(KubernetesClient client, Iterable<String> namespaces) throws IOException {
    OperatorHarness.installCrd(client);
    if (cdsClassList != null) {
      // as the image build does it, before the operator starts (not counted in start-up)
      cdsArchive = CdsArchive.of(jvmOptions, jar, cdsClassList);
    }
  }

  @Override
  public GenericKubernetesResource resource(String namespace, String name, String secretId, Duration refresh) {
    return new GenericKubernetesResourceBuilder().withApiVersion(apiVersion()).withKind(kind())
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .addToAdditionalProperties("spec", Map.of("secretId", secretId,
            "refreshInterval", refresh.toSeconds() + "s"))
        .build();
  }

  @Override
  public Running start(Map<String, String> kubeEnv, URI awsEndpoint, Path log) throws IOException {
    String options = jvmOptions;
    if (cdsArchive != null) {
      options += " -XX:SharedArchiveFile=" + cdsArchive;
    }
    if (jfrDir != null) {
      options += " -XX:StartFlightRecording=name=startup,settings=profile,filename="
          + jfrDir.resolve("startup-" + size + ".jfr");
    }
    OperatorProcess process = OperatorProcess.start(options, jar, kubeEnv, awsEndpoint, log);
    return new Running() {
      /** dbsecrets_reconciles_total when the steady cycle started: allocation per reconcile needs the count. */
      private double reconcilesAtCycleStart;

      @Override
      public long pid() {
        return process.pid();
      }

      @Override
      public void awaitStarted(Duration timeout) {
        process.awaitReady(timeout);
      }

      @Override
      public void allReady() {
        jcmd("JFR.stop", "name=startup");
        Bench.log("ours cold start: %.0f reconciles", process.metrics().sum("dbsecrets_reconciles_total"));
      }

      @Override
      public void steadyCycleStarts() {
        reconcilesAtCycleStart = process.metrics().sum("dbsecrets_reconciles_total");
        jcmd("JFR.start", "name=steady", "settings=profile",
            "filename=" + (jfrDir == null ? "" : jfrDir.resolve("steady-" + size + ".jfr")));
      }

      @Override
      public void steadyCycleEnds() {
        jcmd("JFR.stop", "name=steady");
        Bench.log("ours steady cycle: %.0f reconciles",
            process.metrics().sum("dbsecrets_reconciles_total") - reconcilesAtCycleStart);
      }

      private void jcmd(String... command) {
        if (jfrDir != null) {
          String[] args = new String[command.length + 2];
          args[0] = "jcmd";
          args[1] = String.valueOf(process.pid());
          System.arraycopy(command, 0, args, 2, command.length);
          Bench.log("jcmd %s: %s", String.join(" ", command), Bench.run(args).strip().replace('\n', ' '));
        }
      }

      @Override
      public void close() {
        process.close();
      }
    };
  }
}
