# Container image of the ExternalDbSecret operator.
# Build the shaded jar first, then the image (see docs/deployment.md):
#   mvn -B package -DskipTests
#   docker build -t ghcr.io/dbsecrets/externaldbsecret-operator:0.1.0 .
# Base: Eclipse Temurin 17 JRE, rebuilt upstream for every JDK and OS security update.
# For reproducible releases pin it by digest: --build-arg BASE_IMAGE=eclipse-temurin:17-jre@sha256:...
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="externaldbsecret-operator" \
      org.opencontainers.image.description="Syncs AWS Secrets Manager database credentials into Kubernetes Secrets and restarts the workloads that use them." \
      org.opencontainers.image.source="https://github.com/dbsecrets/externaldbsecret-operator" \
      org.opencontainers.image.version="${VERSION}"

# A numeric non-root user, so that Kubernetes can verify runAsNonRoot; the Helm chart runs as the same UID.
RUN groupadd --system --gid 10001 operator \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin operator

# Owned by root and not writable by the operator; the root filesystem can be mounted read-only
# (the chart does, with an emptyDir at /tmp).
COPY target/externaldbsecret-operator-*.jar /opt/externaldbsecret-operator/operator.jar

USER 10001:10001
WORKDIR /tmp
# Heap from the container memory limit; crash (and be restarted) rather than limp on after an OOM.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/externaldbsecret-operator/operator.jar"]
