package io.dbsecrets.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetSpec {
  /** A label or annotation key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
  /** A bound on labels and annotations, which also keeps the cost of the CEL rules on them within budget. */
  public static final int MAX_ENTRIES = 64;
  static final String KEY_PATTERN = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
      + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  @JsonPropertyDescription("Name of the Secret to write. Defaults to the ExternalDbSecret's name.")
  private String name;

  @JsonPropertyDescription("Secret type (default Opaque). Any Kubernetes Secret type.")
  private String type;

  @Size(max = MAX_ENTRIES)
  @ValidationRule(value = "self.all(k, k.matches('" + KEY_PATTERN + "'))",
      message = "every label key must be a valid Kubernetes label key: [prefix/]name, the name at most 63 letters, "
          + "digits, '-', '_' or '.'")
  // The characters of a value are left to the operator's check (SecretRules): a regex over a string of unknown
  // length exceeds the API server's CEL cost budget.
  @ValidationRule(value = "self.all(k, size(self[k]) <= 63)",
      message = "every label value must be at most 63 characters")
  @JsonPropertyDescription("Labels copied to the Secret.")
  private Map<String, String> labels = new LinkedHashMap<>();

  @Size(max = MAX_ENTRIES)
  @ValidationRule(value = "self.all(k, k.matches('" + KEY_PATTERN + "'))",
      message = "every annotation key must be a valid Kubernetes annotation key: [prefix/]name, the name at most 63 "
          + "letters, digits, '-', '_' or '.'")
  @JsonPropertyDescription("Annotations copied to the Secret.")
  private Map<String, String> annotations = new LinkedHashMap<>();

  @JsonPropertyDescription("Owner (default): the Secret is owned by this resource and deleted with it. "
      + "Orphan: created, but kept when this resource is deleted. "
      + "Merge: write only this resource's keys into an existing Secret the operator does not own.")
  private CreationPolicy creationPolicy;

  @JsonPropertyDescription("What to do when the AWS secret is deleted: Retain (default) keeps the last synced "
      + "Secret, Delete removes it.")
  private DeletionPolicy deletionPolicy;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public Map<String, String> getLabels() { return labels; }
  public void setLabels(Map<String, String> labels) { this.labels = labels == null ? new LinkedHashMap<>() : labels; }
  public Map<String, String> getAnnotations() { return annotations; }
  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations == null ? new LinkedHashMap<>() : annotations;
  }
  public CreationPolicy getCreationPolicy() { return creationPolicy; }
  public void setCreationPolicy(CreationPolicy creationPolicy) { this.creationPolicy = creationPolicy; }
  public DeletionPolicy getDeletionPolicy() { return deletionPolicy; }
  public void setDeletionPolicy(DeletionPolicy deletionPolicy) { this.deletionPolicy = deletionPolicy; }

  public CreationPolicy effectiveCreationPolicy() {
    return creationPolicy == null ? CreationPolicy.Owner : creationPolicy;
  }

  public DeletionPolicy effectiveDeletionPolicy() {
    return deletionPolicy == null ? DeletionPolicy.Retain : deletionPolicy;
  }

  public String effectiveType() {
    return type == null || type.isBlank() ? "Opaque" : type;
  }
}
