package io.dbsecrets.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Names an AWS Secrets Manager secret and the Kubernetes Secret it is synced into. */
@Group(ExternalDbSecret.GROUP)
@Version(ExternalDbSecret.VERSION)
@Kind("ExternalDbSecret")
@Plural("externaldbsecrets")
@Singular("externaldbsecret")
@ShortNames("edbs")
@AdditionalPrinterColumn(name = "Secret-ID", jsonPath = ".spec.secretId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".status.targetSecret", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.syncedVersionId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Last-Sync", jsonPath = ".status.lastSyncTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Trigger", jsonPath = ".status.lastSyncTrigger", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Rollout", jsonPath = ".status.conditions[?(@.type==\"RolloutRestart\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
// Shown by `kubectl get -o wide` only (priority 1): a message is too long for the default table.
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
public class ExternalDbSecret extends CustomResource<ExternalDbSecretSpec, ExternalDbSecretStatus> implements Namespaced {
  public static final String GROUP = "dbsecrets.io";
  public static final String VERSION = "v1alpha1";

  /** Setting this annotation to a new value syncs the resource at once, bypassing any cached AWS value. */
  public static final String FORCE_SYNC_ANNOTATION = GROUP + "/force-sync";

  /** No status until the operator writes one: a default one would make the first status patch a replace. */
  @Override
  protected ExternalDbSecretStatus initStatus() {
    return null;
  }
}
