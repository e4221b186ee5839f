package io.dbsecrets.operator;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages read runtime → reconcile → {rollout, render, policy, aws} → {kube, api}: a package uses only those
 * below it (and its peers, without cycles), so a pure decision low down never drags the orchestration along. The
 * README's Development section shows the same layout.
 */
class PackageGraphTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.dbsecrets.operator");

  @Test
  void noPackageImportsOneAboveIt() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Runtime").definedBy("io.dbsecrets.operator", "io.dbsecrets.operator.config..",
            "io.dbsecrets.operator.metrics..", "io.dbsecrets.operator.health..")
        .layer("Reconcile").definedBy("io.dbsecrets.operator.reconcile..")
        .layer("Features").definedBy("io.dbsecrets.operator.rollout..", "io.dbsecrets.operator.render..",
            "io.dbsecrets.operator.policy..", "io.dbsecrets.operator.aws..")
        .layer("Kube").definedBy("io.dbsecrets.operator.kube..")
        .layer("Api").definedBy("io.dbsecrets.operator.api..")
        .whereLayer("Runtime").mayNotBeAccessedByAnyLayer()
        .whereLayer("Reconcile").mayOnlyBeAccessedByLayers("Runtime")
        .whereLayer("Features").mayOnlyBeAccessedByLayers("Runtime", "Reconcile")
        .whereLayer("Kube").mayOnlyBeAccessedByLayers("Runtime", "Reconcile", "Features")
        .whereLayer("Api").mayOnlyBeAccessedByLayers("Runtime", "Reconcile", "Features", "Kube")
        .check(MAIN);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.dbsecrets.operator.(*)..").should().beFreeOfCycles().check(MAIN);
  }
}
