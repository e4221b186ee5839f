package io.dbsecrets.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The class-data sharing archive the image ships (Dockerfile: {@code java -Xshare:dump} from
 * {@code scripts/image/cds-classes}), made the same way for the jar the bench runs, so the bench starts the
 * operator as the image does. Not counted in any figure: it is made before the operator starts.
 */
final class CdsArchive {
  static final Path CLASS_LIST = Path.of("scripts/image/cds-classes");

  private static final Map<List<String>, Path> DUMPED = new HashMap<>();

  private CdsArchive() {}

  /** The archive of {@code jar} with these JVM flags, dumped once per bench run into a directory removed at exit. */
  static synchronized Path of(String jvmOptions, Path jar, Path classList) throws IOException {
    List<String> key = List.of(jvmOptions, jar.toAbsolutePath().toString(), classList.toAbsolutePath().toString());
    Path archive = DUMPED.get(key);
    if (archive == null) {
      Path dir = Files.createTempDirectory("ours-cds-");
      dir.toFile().deleteOnExit();
      archive = dir.resolve("operator.jsa");
      archive.toFile().deleteOnExit();
      archive.resolveSibling("operator.jsa.log").toFile().deleteOnExit();
      dump(jvmOptions, jar, classList, archive);
      DUMPED.put(key, archive);
    }
    return archive;
  }

  /** Dumps the archive of {@code jar}'s classes named in the list, with the JVM flags the operator runs with. */
  static Path dump(String jvmOptions, Path jar, Path classList, Path archive) throws IOException {
    List<String> command = OperatorProcess.javaCommand(jvmOptions);
    command.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classList.toAbsolutePath(),
        "-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-cp", jar.toAbsolutePath().toString()));
    Path output = archive.resolveSibling(archive.getFileName() + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      if (process.waitFor() != 0 || !Files.exists(archive)) {
        throw new IOException("java -Xshare:dump failed, see " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while dumping the CDS archive", e);
    }
    return archive.toAbsolutePath();
  }
}
