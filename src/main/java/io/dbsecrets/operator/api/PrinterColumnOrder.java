package io.dbsecrets.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step run right after the fabric8 CRD generator: it sorts printer columns by jsonPath, but
 * {@code kubectl get edbs} should show them in the order {@link ExternalDbSecret} declares them
 * (fabric8io/kubernetes-client#7454). Rewrites the generated CRD in place.
 */
public final class PrinterColumnOrder {
  private PrinterColumnOrder() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    List<String> declared = Arrays.stream(ExternalDbSecret.class.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    crd.getSpec().getVersions().forEach(version -> version.getAdditionalPrinterColumns()
        .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> declared.indexOf(c.getName()))));
    Files.writeString(file, "# Generated from the Java model by the fabric8 CRD generator; do not edit.\n"
        + "# Regenerate with scripts/update-crds.sh; the build fails while crds/ differs from the model.\n"
        + Serialization.asYaml(crd).replaceFirst("^---\n", ""));
  }
}
