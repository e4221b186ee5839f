package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** values.schema.json is enforced by helm itself on install, upgrade, template and lint. */
class ValuesSchemaTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      replicaCount: two                                          | /replicaCount
      replicaCount: -1                                           | /replicaCount
      logFormat: xml                                             | /logFormat
      logLevel: VERBOSE                                          | /logLevel
      refreshInterval: hourly                                    | /refreshInterval
      refreshInterval: 1d                                        | /refreshInterval
      policy: {enforced: "yes"}                                  | /policy/enforced
      watchNamespaces: payments                                  | /watchNamespaces
      watchNamespaces: [Payments_NS]                             | /watchNamespaces/0
      aws: {region: Europe}                                      | /aws/region
      aws: {roleArn: my-role}                                    | /aws/roleArn
      aws: {callTimeout: 30}                                     | /aws/callTimeout
      image: {pullPolicy: Sometimes}                             | /image/pullPolicy
      http: {port: 70000}                                        | /http/port
      reconcileThreads: 0                                        | /reconcileThreads
      metrics: {serviceMonitor: {enabled: "true"}}               | /metrics/serviceMonitor/enabled
      podDisruptionBudget: {enabled: true, maxUnavailable: lots} | /podDisruptionBudget/maxUnavailable
      image: {digest: "latest"}                                  | /image/digest
      extraArgs: [--log-level]                                   | /extraArgs/0
      extraVolumeMounts: [{name: ca}]                            | mountPath
      topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: Never}] | /topologySpreadConstraints/0/whenUnsatisfiable
      metrics: {prometheusRule: {notReadyFor: 15 minutes}}       | /metrics/prometheusRule/notReadyFor
      metrics: {podMonitor: {enabled: "yes"}}                    | /metrics/podMonitor/enabled
      metrics: {dashboard: {folder: x}}                          | folder
      metrics: {perResource: "true"}                             | /metrics/perResource
      networkPolicy: {enabled: true, ingress: []}                | ingress
      replicas: 2                                                | replicas
      serviceAccount: {annotation: {a: b}}                       | annotation
      """)
  void rejectsBadValuesNamingTheOffendingValue(String values, String offending) {
    assertThatThrownBy(() -> Chart.template(values))
        .hasMessageContaining("schema")
        .hasMessageContaining(offending);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "replicaCount: 0",
      "logLevel: debug\nlogFormat: text",
      "refreshInterval: 1h30m",
      "refreshInterval: \"0\"",
      "watchNamespaces: [payments, team-a]",
      "aws: {region: us-gov-west-1, roleArn: \"arn:aws-us-gov:iam::111122223333:role/edbs\"}",
      "podDisruptionBudget: {enabled: true, maxUnavailable: 50%}",
      "global: {imageRegistry: example.com}",
  })
  void acceptsGoodValues(String values) {
    assertThatCode(() -> Chart.template(values)).as("values %s", values).doesNotThrowAnyException();
  }
}
