package io.dbsecrets.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceGrantsTest {
  static final String ROLE = "arn:aws:iam::111122223333:role/payments-reader";

  @Test
  void namespaceWithoutAnnotationsIsDeniedWithTheCommandThatAllowsIt() {
    assertThat(NamespaceGrants.of("payments", null).deny("dev/fcj/momentum", null)).hasValueSatisfying(m ->
        assertThat(m).contains("no dbsecrets.io/allowed-secrets annotation")
            .endsWith("kubectl annotate namespace payments dbsecrets.io/allowed-secrets='dev/fcj/momentum'"));
  }

  @Test
  void denialKeepsWhatIsAlreadyAllowed() {
    NamespaceGrants grants = NamespaceGrants.of("team-a", Map.of(NamespaceGrants.ALLOWED_SECRETS, "team-a/*"));
    assertThat(grants.deny("team-a/db", null)).isEmpty();
    assertThat(grants.deny("team-b/db", null)).hasValueSatisfying(m -> assertThat(m)
        .contains("matches none of dbsecrets.io/allowed-secrets='team-a/*'")
        .endsWith("kubectl annotate namespace team-a --overwrite dbsecrets.io/allowed-secrets='team-a/*,team-b/db'"));
  }

  @Test
  void roleNeedsItsOwnGrant() {
    NamespaceGrants secretsOnly = NamespaceGrants.of("payments", Map.of(NamespaceGrants.ALLOWED_SECRETS, "*"));
    assertThat(secretsOnly.deny("payments/db", null)).isEmpty();
    assertThat(secretsOnly.deny("payments/db", ROLE)).hasValueSatisfying(m -> assertThat(m)
        .contains("role '" + ROLE + "'").doesNotContain("secret 'payments/db'")
        .endsWith("kubectl annotate namespace payments dbsecrets.io/allowed-roles='" + ROLE + "'"));

    NamespaceGrants both = NamespaceGrants.of("payments", Map.of(NamespaceGrants.ALLOWED_SECRETS, "*",
        NamespaceGrants.ALLOWED_ROLES, "arn:aws:iam::111122223333:role/payments-*"));
    assertThat(both.deny("payments/db", ROLE)).isEmpty();
    assertThat(both.deny("payments/db", "arn:aws:iam::999999999999:role/payments-reader")).isPresent();
  }

  @Test
  void secretAndRoleRefusalsAreReportedTogether() {
    assertThat(NamespaceGrants.of("payments", Map.of()).deny("payments/db", ROLE)).hasValueSatisfying(m ->
        assertThat(m).contains("secret 'payments/db'").contains("role '" + ROLE + "'")
            .contains("dbsecrets.io/allowed-secrets='payments/db' && kubectl annotate namespace payments "
                + "dbsecrets.io/allowed-roles="));
  }
}
