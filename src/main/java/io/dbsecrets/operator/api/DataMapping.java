package io.dbsecrets.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataMapping {
  @Required
  @Size(max = 253)
  @JsonPropertyDescription("Key in the Secret.")
  private String key;

  @Size(max = 1024)
  @JsonPropertyDescription("JSON property of the secret, dot-separated for nested fields (db.host, hosts.0). "
      + "Without it, the whole secret string is used.")
  private String property;

  public DataMapping() {}

  public DataMapping(String key, String property) {
    this.key = key;
    this.property = property;
  }

  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public String getProperty() { return property; }
  public void setProperty(String property) { this.property = property; }
}
