package io.dbsecrets.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A log flag changes the running logback configuration, which was loaded before the flags were read. */
class LogSettingsTest {
  @AfterEach
  void restoreTheEnvironmentsLogging() {
    LogSettings.apply(OperatorConfig.fromEnvironment(System.getenv(), new String[0]));
  }

  @Test
  void logFormatAndLevelFlagsReconfigureLogging() {
    LogSettings.apply(OperatorConfig.fromEnvironment(Map.of(),
        new String[] {"--log-format=text", "--log-level=debug"}));

    assertThat(operatorLogger().getLevel()).isEqualTo(Level.DEBUG);
    assertThat(root().getAppender("text")).isNotNull();
    assertThat(root().getAppender("json")).isNull();

    LogSettings.apply(OperatorConfig.fromEnvironment(Map.of(), new String[] {"--log-level=ERROR"}));

    assertThat(operatorLogger().getLevel()).isEqualTo(Level.ERROR);
    assertThat(root().getAppender("json")).isNotNull();
  }

  private static Logger operatorLogger() {
    return (Logger) LoggerFactory.getLogger("io.dbsecrets");
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
