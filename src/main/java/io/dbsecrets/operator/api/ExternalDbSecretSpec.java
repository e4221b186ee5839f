package io.dbsecrets.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.versionId) && has(self.versionStage))",
    message = "versionId and versionStage are mutually exclusive: set at most one")
public class ExternalDbSecretSpec {
  /** A Secrets Manager secret name, or a full secret ARN. Names may not contain ':', so anything with one must be an ARN. */
  public static final String SECRET_ID_PATTERN =
      "^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@!-]+|[A-Za-z0-9/_+=.@!-]{1,512})$";
  /** A Go/Kubernetes duration such as 90s, 15m, 1h30m; "0" means sync once. */
  public static final String DURATION_PATTERN = "^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$";
  static final String REGION_PATTERN = "^[a-z]{2}(-[a-z]+)+-[0-9]+$";
  public static final String ROLE_ARN_PATTERN = "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$";
  /**
   * Bounds on what a tenant writes, enforced by the API server; the renderer checks the template bounds again, for
   * resources stored before a bound existed. A connection string or config line fits many times over.
   */
  public static final int MAX_TEMPLATE_CHARS = 4096;
  public static final int MAX_TEMPLATE_KEYS = 32;
  public static final int MAX_DATA_KEYS = 100;

  @Required
  @Pattern(SECRET_ID_PATTERN)
  @Size(max = 2048)
  @JsonPropertyDescription("Secrets Manager secret name or full ARN.")
  private String secretId;

  @Pattern(REGION_PATTERN)
  @Size(max = 64)
  @JsonPropertyDescription("AWS region of the secret. Defaults to the operator's region, or the region in an ARN.")
  private String region;

  @Size(max = 256)
  @JsonPropertyDescription("Version stage to read (default AWSCURRENT). Mutually exclusive with versionId.")
  private String versionStage;

  @Pattern("^[A-Za-z0-9-]{1,64}$")
  @JsonPropertyDescription("A pinned secret version. Mutually exclusive with versionStage.")
  private String versionId;

  @Pattern(DURATION_PATTERN)
  @Size(max = 64)
  @JsonPropertyDescription("How often to re-read the secret, as a duration (30s, 15m, 1h). 0 syncs once. "
      + "Defaults to the operator's setting.")
  private String refreshInterval;

  @Pattern(ROLE_ARN_PATTERN)
  @Size(max = 2048)
  @JsonPropertyDescription("IAM role to assume on top of the operator's own identity before reading the secret.")
  private String roleArn;

  @Pattern("^[A-Za-z0-9+=,.@:/-]+$")
  @Size(min = 2, max = 1224)
  @JsonPropertyDescription("External ID to pass when assuming roleArn.")
  private String externalId;

  @JsonPropertyDescription("The Kubernetes Secret to write.")
  private TargetSpec target = new TargetSpec();

  @Size(max = MAX_DATA_KEYS)
  @ValidationRule(value = "self.all(d, d.key.matches('^[-._a-zA-Z0-9]+$'))",
      message = "every data key must be a valid Secret key: letters, digits, '-', '_' or '.'")
  @JsonPropertyDescription("Explicit keys to write, each taken from a JSON property of the secret. "
      + "Without data and template, every top-level JSON field becomes a key.")
  private List<DataMapping> data = new ArrayList<>();

  @Size(max = MAX_TEMPLATE_KEYS)
  @ValidationRule(value = "self.all(k, k.matches('^[-._a-zA-Z0-9]+$'))",
      message = "every template key must be a valid Secret key: letters, digits, '-', '_' or '.'")
  @ValidationRule(value = "self.all(k, size(k) <= 253 && size(self[k]) <= " + MAX_TEMPLATE_CHARS + ")",
      message = "template keys are at most 253 characters and templates at most " + MAX_TEMPLATE_CHARS)
  @JsonPropertyDescription("Computed keys: a template per key over the secret's JSON fields, for example "
      + "\"jdbc:postgresql://{{ host }}:{{ port }}/{{ dbname }}?password={{ password | urlencode }}\". "
      + "Pebble syntax, restricted to {{ field }}, {{ field.path }} and string literals with the filters urlencode, "
      + "base64encode, upper, lower, trim and default(\"...\"); no tags (for, if, macro, set, ...).")
  private Map<String, String> template = new LinkedHashMap<>();

  @JsonPropertyDescription("Workloads to restart when the synced data changes.")
  private RolloutSpec rollout = new RolloutSpec();

  public String getSecretId() { return secretId; }
  public void setSecretId(String secretId) { this.secretId = secretId; }
  public String getRegion() { return region; }
  public void setRegion(String region) { this.region = region; }
  public String getVersionStage() { return versionStage; }
  public void setVersionStage(String versionStage) { this.versionStage = versionStage; }
  public String getVersionId() { return versionId; }
  public void setVersionId(String versionId) { this.versionId = versionId; }
  public String getRefreshInterval() { return refreshInterval; }
  public void setRefreshInterval(String refreshInterval) { this.refreshInterval = refreshInterval; }
  public String getRoleArn() { return roleArn; }
  public void setRoleArn(String roleArn) { this.roleArn = roleArn; }
  public String getExternalId() { return externalId; }
  public void setExternalId(String externalId) { this.externalId = externalId; }
  public TargetSpec getTarget() { return target; }
  public void setTarget(TargetSpec target) { this.target = target == null ? new TargetSpec() : target; }
  public List<DataMapping> getData() { return data; }
  public void setData(List<DataMapping> data) { this.data = data == null ? new ArrayList<>() : data; }
  public Map<String, String> getTemplate() { return template; }
  public void setTemplate(Map<String, String> template) { this.template = template == null ? new LinkedHashMap<>() : template; }
  public RolloutSpec getRollout() { return rollout; }
  public void setRollout(RolloutSpec rollout) { this.rollout = rollout == null ? new RolloutSpec() : rollout; }
}
