package io.dbsecrets.operator;

import java.util.List;

/**
 * The TLS cipher suites the operator offers, ChaCha20-Poly1305 first. The operator's JVM runs with the C1 compiler
 * alone ({@code -XX:TieredStopAtLevel=1}: less CPU and memory for an I/O-bound process), and the AES and GHASH
 * intrinsics that make AES-GCM fast come with C2 only: under C1, AES-GCM ran at 40 MB/s and ChaCha20-Poly1305 at
 * 180 MB/s on the benchmark machine, and AES-GCM was 18% of the operator's Java CPU samples in a cold start of
 * 5,000 resources (bench/README.md). A server picks ChaCha20 when the client lists it first (Go's TLS, so the
 * Kubernetes API server, does exactly that); one without it still gets AES-GCM. Only AEAD suites are offered.
 */
final class TlsCipherOrder {
  static final String PROPERTY = "jdk.tls.client.cipherSuites";

  static final List<String> SUITES = List.of(
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

  private TlsCipherOrder() {}

  /**
   * Sets the JVM's client cipher suites unless {@code -Djdk.tls.client.cipherSuites} is given. The JDK reads the
   * property once, when the first TLS context is made, so this runs before anything connects.
   */
  static void apply() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, String.join(",", SUITES));
    }
  }
}
