package io.dbsecrets.operator.chart;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * deploy/: the chart rendered with its default values into the namespace dbsecrets-system, for users who
 * install with {@code kubectl apply} instead of Helm. Helm's bookkeeping labels are left out, since no Helm
 * release owns these objects.
 */
final class DeployManifests {
  static final Path FILE = Path.of("deploy", "externaldbsecret-operator.yaml");

  private static final Pattern HELM_ONLY_LABELS =
      Pattern.compile("(?m)^\\s*(helm\\.sh/chart|app\\.kubernetes\\.io/managed-by): .*\\R");

  private DeployManifests() {}

  static String render() {
    String crd = GeneratedFile.read(ChartCrdIsCurrentTest.TOP_LEVEL_CRD);
    String chart = HELM_ONLY_LABELS.matcher(Chart.template("")).replaceAll("");
    return """
        # ExternalDbSecret operator: CRD, namespace, RBAC and Deployment for `kubectl apply -f`.
        # GENERATED from helm/externaldbsecret-operator with its default values by scripts/render-deploy.sh;
        # do not edit (DeployManifestsAreCurrentTest fails when this file is stale).
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
          labels:
            app.kubernetes.io/part-of: externaldbsecret-operator
            # The operator pod meets the restricted Pod Security Standard.
            pod-security.kubernetes.io/enforce: restricted
        ---
        """.formatted(Chart.NAMESPACE) + crd.stripTrailing() + "\n" + chart.stripTrailing() + "\n";
  }
}
