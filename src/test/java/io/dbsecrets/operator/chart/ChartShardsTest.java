package io.dbsecrets.operator.chart;

import static io.dbsecrets.operator.chart.DeploymentTemplateTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsecrets.operator.chart.ChartRbac.Grant;
import io.dbsecrets.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `shards: K` renders one Deployment per shard, each configured as that shard, with the access sharding needs. */
class ChartShardsTest {
  private static final String TWO_SHARDS = "shards: 2\nreplicaCount: 2";
  private static final Grant LABEL_PATCH = new Grant("dbsecrets.io", "externaldbsecrets", "patch");

  @Test
  void twoShardsRenderTwoDeploymentsEachStartingTheOperatorAsItsShard() {
    List<Deployment> deployments = Chart.render(TWO_SHARDS).all(Deployment.class);

    assertThat(deployments).extracting(d -> d.getMetadata().getName())
        .containsExactly(Chart.RELEASE + "-shard-0", Chart.RELEASE + "-shard-1");
    for (int i = 0; i < 2; i++) {
      Deployment d = deployments.get(i);
      assertThat(d.getSpec().getReplicas()).isEqualTo(2);
      Map<String, String> env = env(d);
      OperatorConfig config = OperatorConfig.fromEnvironment(env, new String[0]);
      assertThat(config.shard().count()).isEqualTo(2);
      assertThat(config.shard().index()).isEqualTo(i);
      assertThat(config.leaderElection()).isTrue();
      assertThat(config.electionLeaseName()).isEqualTo(Chart.RELEASE + "-shard-" + i);
      assertThat(d.getSpec().getSelector().getMatchLabels()).containsEntry("dbsecrets.io/shard", "" + i);
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
    }
    assertThat(deployments.get(0).getSpec().getSelector().getMatchLabels())
        .as("a shard's Deployment never adopts the other's pods")
        .isNotEqualTo(deployments.get(1).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void oneShardRendersTheSingleDeploymentAsBeforeWithoutShardSettings() {
    Deployment d = Chart.renderDefaults().one(Deployment.class);
    assertThat(d.getMetadata().getName()).isEqualTo(Chart.RELEASE);
    assertThat(env(d)).doesNotContainKeys("DBSECRETS_SHARDS", "DBSECRETS_SHARD");
    assertThat(d.getSpec().getSelector().getMatchLabels()).doesNotContainKey("dbsecrets.io/shard");
    assertThat(ChartRbac.granted()).doesNotContain(LABEL_PATCH);
  }

  @Test
  void eachShardMayHoldOnlyItsOwnLeaseAndTheOperatorMayLabelResources() {
    Role lease = Chart.render(TWO_SHARDS).one(Role.class);
    assertThat(lease.getRules()).filteredOn(r -> r.getVerbs().contains("update")).singleElement()
        .satisfies(r -> assertThat(r.getResourceNames())
            .containsExactly(Chart.RELEASE + "-shard-0", Chart.RELEASE + "-shard-1"));
    assertThat(ChartRbac.granted(TWO_SHARDS)).contains(LABEL_PATCH);
    assertThat(ChartRbac.grantedByScope("shards: 2\nwatchNamespaces: [payments]").get("payments"))
        .contains(LABEL_PATCH);
  }

  @Test
  void shardsSharingOneEventQueueAreRefusedAndEachGetsItsOwnFromThePlaceholder() {
    assertThatThrownBy(() -> Chart.template("shards: 2\naws: {eventQueueUrl: "
        + "'https://sqs.us-east-1.amazonaws.com/111122223333/edbs-events'}"))
        .hasMessageContaining("aws.eventQueueUrl must contain {shard} when shards > 1");
    List<Deployment> deployments = Chart.render("shards: 2\naws: {eventQueueUrl: "
        + "'https://sqs.us-east-1.amazonaws.com/111122223333/edbs-events-{shard}'}").all(Deployment.class);
    assertThat(OperatorConfig.fromEnvironment(env(deployments.get(1)), new String[0]).eventQueueUrl())
        .isEqualTo("https://sqs.us-east-1.amazonaws.com/111122223333/edbs-events-1");
  }

  @Test
  void leaderMissingAlertCountsOneLeaderPerShard() {
    var rule = (GenericKubernetesResource) Chart.render(
        "shards: 3\nmetrics: {prometheusRule: {enabled: true}}").ofKind("PrometheusRule").get(0);
    assertThat(rule.getAdditionalProperties().toString())
        .contains("sum(dbsecrets_leader{job=\"" + Chart.RELEASE + "\"}) < 3");
  }

  @Test
  void schemaRefusesNoShards() {
    assertThatThrownBy(() -> Chart.template("shards: 0")).hasMessageContaining("shards");
  }
}
