package io.dbsecrets.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM-wide {@link KubeControlPlane#shared()} control plane into test constructors,
 * lifecycle methods and test methods: parameters of type {@link KubeControlPlane}, or
 * {@link KubernetesClient} for the admin client.
 *
 * <pre>{@code
 * @ExtendWith(KubeControlPlaneExtension.class)
 * class MyIT {
 *   @Test void works(KubernetesClient admin, KubeControlPlane kube) { ... }
 * }
 * }</pre>
 */
public final class KubeControlPlaneExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubeControlPlane.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KubeControlPlane plane = KubeControlPlane.shared();
    return parameter.getParameter().getType() == KubeControlPlane.class ? plane : plane.adminClient();
  }
}
