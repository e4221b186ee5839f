package io.dbsecrets.operator.policy;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The enforced policy: a namespace may read the secrets and assume the roles its Namespace annotations allow
 * ({@link NamespaceGrants}). Namespaces are watched by an informer, and a change to either annotation re-runs the
 * reconciles of every ExternalDbSecret in that namespace, so a grant or a revocation takes effect at once.
 */
public class NamespaceAnnotationPolicy implements NamespacePolicy {
  private volatile InformerEventSource<Namespace, ExternalDbSecret> namespaces;

  @Override
  public Optional<String> deny(String namespace, String secretId, String roleArn) {
    InformerEventSource<Namespace, ExternalDbSecret> source = namespaces;
    Optional<Namespace> found = source == null ? Optional.empty() : source.get(new ResourceID(namespace));
    if (found.isEmpty()) {
      return Optional.of("namespace '" + namespace + "' is not known to the operator yet, so its "
          + NamespaceGrants.ALLOWED_SECRETS + " annotation cannot be checked; it is checked again when it appears");
    }
    return NamespaceGrants.of(namespace, found.get().getMetadata().getAnnotations()).deny(secretId, roleArn);
  }

  @Override
  public List<EventSource<?, ExternalDbSecret>> eventSources(EventSourceContext<ExternalDbSecret> context) {
    namespaces = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Namespace.class, ExternalDbSecret.class)
            .withName("namespace-policy")
            .withWatchAllNamespaces()
            .withOnUpdateFilter((updated, old) -> !grants(updated).equals(grants(old)))
            .withSecondaryToPrimaryMapper(namespace -> context.getPrimaryCache()
                .list(namespace.getMetadata().getName())
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet()))
            .build(), context);
    return List.of(namespaces);
  }

  private static List<String> grants(Namespace namespace) {
    Map<String, String> annotations = namespace.getMetadata().getAnnotations();
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    return List.of(Objects.toString(a.get(NamespaceGrants.ALLOWED_SECRETS), ""),
        Objects.toString(a.get(NamespaceGrants.ALLOWED_ROLES), ""));
  }
}
