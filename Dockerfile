# Container image of the ExternalDbSecret operator, for docker / buildx (multi-arch: every stage runs on the
# target platform). scripts/image.sh builds the same image with podman and no registry (see docs/deployment.md).
#   mvn -B package -DskipTests          # the application jar, and its dependencies in target/image/lib
#   scripts/image.sh --context          # target/image/app (the jar under a stable name)
#   docker buildx build --platform linux/amd64,linux/arm64 -t ghcr.io/dbsecrets/externaldbsecret-operator:0.1.0 .
# Layers, from the least to the most often changed: root filesystem (Debian packages, extracted only: no shell,
# no package manager), JRE (jlink), dependencies, application classes, class-data sharing archive. A code change
# rebuilds only the last two.
# For reproducible releases pin the build images by digest (--build-arg DEBIAN_IMAGE=debian:bookworm@sha256:...).
ARG DEBIAN_IMAGE=debian:bookworm-slim
ARG JDK_IMAGE=eclipse-temurin:17-jdk

# The root filesystem: the packages of scripts/image/base-packages, extracted as `mmdebstrap --variant=extract`
# does for scripts/image.sh, plus the non-root user and a world-writable /tmp.
FROM ${DEBIAN_IMAGE} AS rootfs
COPY scripts/image/base-packages scripts/image/passwd scripts/image/group /build/
RUN apt-get update -qq \
 && mkdir -p /build/debs /rootfs && cd /build/debs \
 && apt-get download -qq $(grep -v '^#' /build/base-packages) \
 && for deb in *.deb; do dpkg-deb -x "$deb" /rootfs; done \
 && cp /build/passwd /build/group /rootfs/etc/ \
 && mkdir -p /rootfs/tmp && chmod 1777 /rootfs/tmp

# The JRE: only the modules of scripts/image/jre-modules (the flags of scripts/image.sh: no objcopy needed).
FROM ${JDK_IMAGE} AS jre
COPY scripts/image/jre-modules /build/
RUN jlink --add-modules "$(grep -v '^#' /build/jre-modules | paste -sd, -)" \
      --strip-java-debug-attributes --no-man-pages --no-header-files --compress=2 --output /opt/java

FROM scratch
COPY --from=rootfs /rootfs/ /
COPY --from=jre /opt/java/ /opt/java/
# ---- scripts/image.sh builds the lines below on its own root filesystem and JRE (same packages, same modules) ----
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="externaldbsecret-operator" \
      org.opencontainers.image.description="Syncs AWS Secrets Manager database credentials into Kubernetes Secrets and restarts the workloads that use them." \
      org.opencontainers.image.source="https://github.com/dbsecrets/externaldbsecret-operator" \
      org.opencontainers.image.version="${VERSION}"
# Owned by root and not writable by the operator; the root filesystem can be mounted read-only
# (the chart does, with an emptyDir at /tmp).
COPY target/image/lib/ /opt/externaldbsecret-operator/lib/
COPY target/image/app/ /opt/externaldbsecret-operator/
COPY scripts/image/cds-classes /opt/externaldbsecret-operator/
# Heap from the container memory limit; crash (and be restarted) rather than limp on after an OOM. The serial
# collector and the C1 compiler alone: less CPU and memory than G1 and C2 for this I/O-bound process (bench/README.md).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"
# Class-data sharing: the classes the operator loads (scripts/image/cds-classes, from scripts/cds-classes.sh), parsed
# and laid out once here, as root, and mapped read-only at every start (bench/README.md: less start-up CPU). The
# archive fits this JRE and these jars only; a JVM that cannot map it starts without it.
RUN ["/opt/java/bin/java", "-Xshare:dump", "-XX:SharedClassListFile=/opt/externaldbsecret-operator/cds-classes", "-XX:SharedArchiveFile=/opt/externaldbsecret-operator/operator.jsa", "-cp", "/opt/externaldbsecret-operator/externaldbsecret-operator.jar:/opt/externaldbsecret-operator/lib/*"]
# A numeric non-root user, so that Kubernetes can verify runAsNonRoot; the Helm chart runs as the same UID.
USER 10001:10001
WORKDIR /tmp
EXPOSE 8080
ENTRYPOINT ["/opt/java/bin/java", "-XX:SharedArchiveFile=/opt/externaldbsecret-operator/operator.jsa", "-cp", "/opt/externaldbsecret-operator/externaldbsecret-operator.jar:/opt/externaldbsecret-operator/lib/*", "io.dbsecrets.operator.ExternalDbSecretOperator"]
