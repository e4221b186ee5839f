package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A checked-in file that is generated from another source. The test that owns it fails when it is stale;
 * run with {@code -Ddbsecrets.updateGenerated=true} (scripts/render-deploy.sh) to write it instead.
 */
final class GeneratedFile {
  static final String UPDATE_PROPERTY = "dbsecrets.updateGenerated";

  private GeneratedFile() {}

  static void assertCurrent(Path file, String expected, String generatedFrom) {
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      write(file, expected);
      return;
    }
    assertThat(file).as("%s is missing; generate it with scripts/render-deploy.sh", file).exists();
    assertThat(read(file))
        .as("%s is stale compared to %s; regenerate it with scripts/render-deploy.sh", file, generatedFrom)
        .isEqualTo(expected);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
