package io.dbsecrets.operator.pod;

import java.util.Map;
import java.util.TreeMap;

/**
 * The pod tier's application (image localhost/dbsecrets-printenv, built by scripts/image.sh --printenv-app): like
 * an application reading its database credentials from the environment, it sees the Secret as it was when the
 * container started. It prints the {@code DB_*} variables it started with to its log, then waits to be stopped.
 * Test data only: a real application never logs a credential.
 */
public final class PrintEnv {
  private PrintEnv() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> db = new TreeMap<>();
    System.getenv().forEach((name, value) -> {
      if (name.startsWith("DB_")) {
        db.put(name, value);
      }
    });
    // stopped by Kubernetes (SIGTERM) is a normal end: exit 0, so that a replaced pod shows Completed, not Error
    Runtime.getRuntime().addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(0)));
    db.forEach((name, value) -> System.out.println(name + "=" + value));
    System.out.flush();
    Thread.currentThread().join();
  }
}
