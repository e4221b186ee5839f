package io.dbsecrets.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  static final String[] NO_ARGS = {};

  @Test
  void defaultsWatchEveryNamespaceEnforcePolicyAndRefreshHourly() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(), NO_ARGS);

    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.defaultRegion()).isEqualTo("us-east-1");
    assertThat(config.defaultRefreshInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.operatorNamespace()).isEqualTo("default");
    assertThat(config.policyEnforced()).isTrue();
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaseName()).isEqualTo("externaldbsecret-operator");
    assertThat(config.reconcileThreads()).isEqualTo(8);
    assertThat(config.awsEndpoint()).isNull();
    assertThat(config.awsCallTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.coalesceWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.batchWindow()).isZero();
    assertThat(config.batchFetch()).isTrue();
    assertThat(config.rolloutWindow()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.retryInitialInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.retryMaxInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.overdueGrace()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void environmentVariablesOverrideTheDefaults() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
        "DBSECRETS_WATCH_NAMESPACES", "payments, billing,,",
        "DBSECRETS_DEFAULT_REFRESH_INTERVAL", "15m",
        "DBSECRETS_HTTP_PORT", "9090",
        "DBSECRETS_POLICY_ENFORCED", "false",
        "DBSECRETS_LEADER_ELECTION", "true",
        "DBSECRETS_AWS_ENDPOINT", "http://localhost:5000",
        "DBSECRETS_COALESCE_WINDOW", "1m30s"), NO_ARGS);

    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("payments", "billing");
    assertThat(config.watchesAllNamespaces()).isFalse();
    assertThat(config.defaultRefreshInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.policyEnforced()).isFalse();
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.awsEndpoint()).isEqualTo(URI.create("http://localhost:5000"));
    assertThat(config.coalesceWindow()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void regionComesFromTheSettingThenTheAwsVariables() {
    assertThat(OperatorConfig.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "eu-central-1"), NO_ARGS).defaultRegion())
        .isEqualTo("eu-central-1");
    assertThat(OperatorConfig.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "eu-central-1", "AWS_REGION", "eu-west-1"),
        NO_ARGS).defaultRegion()).isEqualTo("eu-west-1");
    assertThat(OperatorConfig.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
        "DBSECRETS_DEFAULT_REGION", "ap-south-1"), NO_ARGS).defaultRegion()).isEqualTo("ap-south-1");
  }

  @Test
  void flagsOverrideEnvironmentVariables() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("DBSECRETS_HTTP_PORT", "9000"),
        new String[] {"--http-port=9090", "--watch-namespaces=payments", "--default-refresh-interval=0"});

    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.watchNamespaces()).containsExactly("payments");
    assertThat(config.defaultRefreshInterval()).isZero();
  }

  @Test
  void flagValueMayContainEqualsSigns() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(),
        new String[] {"--aws-endpoint=http://localhost:5000/?a=b"});

    assertThat(config.awsEndpoint()).isEqualTo(URI.create("http://localhost:5000/?a=b"));
  }

  @Test
  void unknownFlagIsRejectedByName() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(), new String[] {"--refresh=1h"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--refresh");
  }

  @Test
  void argumentThatIsNotNameEqualsValueIsRejected() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(), new String[] {"--leader-election"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--name=value");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(), new String[] {"payments"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badDurationOrNumberStopsTheOperatorAtStart() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("DBSECRETS_DEFAULT_REFRESH_INTERVAL", "1d"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1d");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("DBSECRETS_HTTP_PORT", "http"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unrecognisedBooleanIsRejectedRatherThanReadAsFalse() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("DBSECRETS_POLICY_ENFORCED", "yes"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DBSECRETS_POLICY_ENFORCED");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(), new String[] {"--policy-enforced=1"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(OperatorConfig.fromEnvironment(Map.of("DBSECRETS_POLICY_ENFORCED", "True"), NO_ARGS).policyEnforced())
        .isTrue();
  }

  @Test
  void everySettingCanAlsoBeGivenAsAFlag() {
    for (Map.Entry<String, String> setting : OperatorConfig.DEFAULTS.entrySet()) {
      String flag = "--" + setting.getKey().substring("DBSECRETS_".length()).toLowerCase().replace('_', '-');

      assertThat(OperatorConfig.fromEnvironment(Map.of(), new String[] {flag + "=" + setting.getValue()}))
          .as(flag).isEqualTo(OperatorConfig.fromEnvironment(Map.of(), NO_ARGS));
    }
  }

  @Test
  void logFormatAndLevelAreSettingsWithFlagsToo() {
    OperatorConfig fromEnv = OperatorConfig.fromEnvironment(
        Map.of("DBSECRETS_LOG_FORMAT", "text", "DBSECRETS_LOG_LEVEL", "warn"), NO_ARGS);
    assertThat(fromEnv.logFormat()).isEqualTo("text");
    assertThat(fromEnv.logLevel()).isEqualTo("WARN");

    OperatorConfig fromFlags = OperatorConfig.fromEnvironment(Map.of("DBSECRETS_LOG_FORMAT", "json"),
        new String[] {"--log-format=text", "--log-level=DEBUG"});
    assertThat(fromFlags.logFormat()).isEqualTo("text");
    assertThat(fromFlags.logLevel()).isEqualTo("DEBUG");
  }

  @Test
  void unknownLogFormatOrLevelStopsTheOperatorNamingTheChoices() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(), new String[] {"--log-format=xml"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DBSECRETS_LOG_FORMAT")
        .hasMessageContaining("json").hasMessageContaining("text");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("DBSECRETS_LOG_LEVEL", "VERBOSE"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEBUG");
  }

  @Test
  void helpListsEveryFlagWithItsVariableDefaultAndMeaning() {
    String help = Help.text();

    assertThat(Help.asked(new String[] {"--help"})).isTrue();
    assertThat(Help.asked(new String[] {"-h"})).isTrue();
    assertThat(Help.asked(new String[] {"--http-port=1"})).isFalse();
    for (Setting s : OperatorConfig.SETTINGS) {
      assertThat(help).contains("  " + s.flag() + "=VALUE  (" + s.variable() + ")\n      default: "
          + s.shownDefault().replace("`", ""));
    }
    assertThat(help).contains("--log-format=VALUE  (DBSECRETS_LOG_FORMAT)\n      default: json\n")
        .contains("Enforce the namespace policy (see Running on EKS).")
        .contains("--watch-namespaces=VALUE  (DBSECRETS_WATCH_NAMESPACES)\n      default: all\n");
  }

  @Test
  void oneShardByDefaultAndAShardedReplicaElectsItsLeaderPerShard() {
    OperatorConfig unsharded = OperatorConfig.fromEnvironment(Map.of(), NO_ARGS);
    assertThat(unsharded.shard().sharded()).isFalse();
    assertThat(unsharded.electionLeaseName()).isEqualTo("externaldbsecret-operator");

    OperatorConfig sharded = OperatorConfig.fromEnvironment(Map.of("DBSECRETS_SHARDS", "3"),
        new String[] {"--shard=2"});
    assertThat(sharded.shard().count()).isEqualTo(3);
    assertThat(sharded.shard().index()).isEqualTo(2);
    assertThat(sharded.electionLeaseName()).isEqualTo("externaldbsecret-operator-shard-2");
  }

  @Test
  void refusesAShardOutsideTheShardCountOrAShardCountThatIsNoNumber() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("DBSECRETS_SHARDS", "2",
        "DBSECRETS_SHARD", "2"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DBSECRETS_SHARD must be between 0 and DBSECRETS_SHARDS - 1 = 1, not 2");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("DBSECRETS_SHARDS", "0"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DBSECRETS_SHARDS must be between 1");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("DBSECRETS_SHARDS", "two"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DBSECRETS_SHARDS must be a whole number, not 'two'");
  }

  @Test
  void eachShardReadsItsOwnEventQueueAndSharingOneIsRefused() {
    String url = "https://sqs.eu-west-1.amazonaws.com/111122223333/edbs-events-{shard}";
    assertThat(OperatorConfig.fromEnvironment(Map.of("DBSECRETS_SHARDS", "2", "DBSECRETS_SHARD", "1",
        "DBSECRETS_EVENT_QUEUE_URL", url), NO_ARGS).eventQueueUrl())
        .isEqualTo("https://sqs.eu-west-1.amazonaws.com/111122223333/edbs-events-1");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("DBSECRETS_SHARDS", "2",
        "DBSECRETS_EVENT_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/111122223333/edbs-events"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DBSECRETS_EVENT_QUEUE_URL must contain {shard} with DBSECRETS_SHARDS > 1");
    assertThat(OperatorConfig.fromEnvironment(Map.of("DBSECRETS_EVENT_QUEUE_URL",
        "https://sqs.eu-west-1.amazonaws.com/111122223333/edbs-events"), NO_ARGS).eventQueueUrl())
        .as("one shard: the URL as given").endsWith("/edbs-events");
  }
}
