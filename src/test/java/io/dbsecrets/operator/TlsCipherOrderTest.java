package io.dbsecrets.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class TlsCipherOrderTest {
  @Test
  void everySuiteOfferedIsOneTheJdkSupports() throws Exception {
    // a misspelt name would be dropped silently by the JDK, and with it a suite a server may need
    List<String> supported = List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());

    assertThat(supported).containsAll(TlsCipherOrder.SUITES);
  }

  @Test
  void chaCha20IsOfferedFirstAndAesGcmStaysForServersWithoutIt() {
    assertThat(TlsCipherOrder.SUITES.get(0)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    assertThat(TlsCipherOrder.SUITES).contains("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThat(TlsCipherOrder.SUITES).allMatch(suite -> suite.contains("GCM") || suite.contains("CHACHA20"));
  }
}
