#!/usr/bin/env bash
# Builds the operator's container image on this machine with podman: no registry, no docker daemon.
# Layers, least often changed first, so that a code change rebuilds (and pushes) only the last two:
#   1. root filesystem: the Debian packages of scripts/image/base-packages, extracted by
#      `mmdebstrap --variant=extract` (no shell, no package manager), user 10001 (the chart's runAsUser), world-writable /tmp
#   2. JRE: `jlink` of the machine's JDK 17 with the modules of scripts/image/jre-modules
#   3. dependencies (target/image/lib, from `mvn package`)          } the lines of the Dockerfile after its marker,
#   4. the operator's classes (target/image/app)                      } so both builds give the same layout
#   5. the class-data sharing archive (`java -Xshare:dump` of scripts/image/cds-classes) }
# Layers 1 and 2 are images of their own, tagged by a hash of what they are made of, and reused.
#
# Usage:
#   scripts/image.sh                     build (runs `mvn package` first unless --no-package) and print the image
#   scripts/image.sh --context           only prepare target/image/ for `docker buildx build .` (see Dockerfile)
#   scripts/image.sh --save FILE         also write the image to FILE (docker-archive, for `ctr images import`)
#   scripts/image.sh --printenv-app      build instead the tests' tiny application image (dbsecrets-printenv):
#                                        layers 1-2 plus io.dbsecrets.operator.pod.PrintEnv from target/test-classes
#   scripts/image.sh --check-modules     fail if `jdeps` finds a module the jar needs that jre-modules lacks
# Options: --no-package (use target/ as it is), --tag IMAGE (default localhost/externaldbsecret-operator:dev)
#
# Needs (installed with apt-get when missing): podman, runc, conmon, uidmap, mmdebstrap; and JDK 17 (jlink).
# Podman runs with its own containers.conf (CONTAINERS_CONF): runc (crun refuses hybrid cgroups), cgroupfs, and
# default ulimits a sandbox lets it set.
#
# Environment: DBSECRETS_IMAGE_CACHE (default $HOME/.cache/dbsecrets-image): containers.conf, jlink output.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

tag=localhost/externaldbsecret-operator:dev
mode=build package=1 save= what=operator
while (($#)); do
  case "$1" in
    --context) mode=context ;;
    --check-modules) mode=check-modules ;;
    --printenv-app) what=printenv; tag=localhost/dbsecrets-printenv:dev ;;
    --no-package) package= ;;
    --save) save="${2:?--save FILE}"; shift ;;
    --tag) tag="${2:?--tag IMAGE}"; shift ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { echo "[image] $*" >&2; }
cache="${DBSECRETS_IMAGE_CACHE:-$HOME/.cache/dbsecrets-image}"
mkdir -p "$cache"
list() { grep -v '^[[:space:]]*\(#\|$\)' "$1"; }

jar_of_target() {
  local jar
  jar=$(ls target/original-externaldbsecret-operator-*.jar 2>/dev/null | head -n1)
  [[ -n "$jar" && -d target/image/lib ]] || { log "no target/original-externaldbsecret-operator-*.jar or target/image/lib: run mvn package"; return 1; }
  echo "$jar"
}

# target/image/app: the operator's own jar (without its dependencies: shade's "original" jar) under a stable name
prepare_context() {
  if [[ -n "$package" ]]; then
    log "mvn package (tests skipped) ..."
    mvn -B -q -Dstyle.color=never package -DskipTests >&2
  fi
  local jar
  jar=$(jar_of_target)
  rm -rf target/image/app
  mkdir -p target/image/app
  cp "$jar" target/image/app/externaldbsecret-operator.jar
}

if [[ $mode == context ]]; then
  prepare_context
  log "build context ready: target/image/{app,lib}"
  exit 0
fi

if [[ $mode == check-modules ]]; then
  jar=$(jar_of_target)
  needed=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 --class-path 'target/image/lib/*' \
    "$jar" target/image/lib/*.jar 2>/dev/null | tail -n1)
  missing=$(comm -23 <(tr , '\n' <<<"$needed" | sort) <(list scripts/image/jre-modules | sort))
  if [[ -n "$missing" ]]; then
    log "modules the operator needs that scripts/image/jre-modules lacks: $(echo $missing)"
    exit 1
  fi
  log "jre-modules covers what jdeps finds: $needed"
  exit 0
fi

# --- the tools ---
missing=()
for tool in podman runc conmon mmdebstrap newuidmap; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  pkgs=$(printf '%s\n' "${missing[@]}" | sed 's/^newuidmap$/uidmap/' | sort -u | tr '\n' ' ')
  log "apt-get install $pkgs"
  sudo_cmd=(); [[ $(id -u) == 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends $pkgs >&2
fi
command -v jlink >/dev/null || { log "jlink (JDK 17) is required"; exit 1; }
java_version=$(jlink --version)
[[ "$java_version" == 17.* ]] || { log "jlink is $java_version; the image's JRE must be cut from JDK 17"; exit 1; }

export CONTAINERS_CONF="$cache/containers.conf"
cat >"$CONTAINERS_CONF" <<'EOF'
# Written by scripts/image.sh.
[containers]
# podman's defaults (nofile 1048576) are more than a sandboxed or CI machine lets a container raise them to
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
# crun refuses hybrid (v1 + v2) cgroup hierarchies; runc works on both
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
podman_build() { podman build --pull=never --network host --quiet "$@"; }
has_image() { podman image exists "$1"; }

# --- layer 1: root filesystem ---
base_hash=$(cat scripts/image/base-packages scripts/image/passwd scripts/image/group | sha256sum | cut -c1-12)
base=localhost/externaldbsecret-operator-base:$base_hash
if ! has_image "$base"; then
  log "root filesystem (mmdebstrap --variant=extract: $(list scripts/image/base-packages | tr '\n' ' '))"
  start=$SECONDS
  tar="$cache/rootfs-$base_hash.tar"
  mmdebstrap --quiet --variant=extract --include="$(list scripts/image/base-packages | paste -sd, -)" \
    --customize-hook="cp '$root/scripts/image/passwd' '$root/scripts/image/group' \"\$1/etc/\"" \
    --customize-hook='mkdir -p "$1/tmp" && chmod 1777 "$1/tmp"' \
    bookworm "$tar" >&2
  podman import --quiet "$tar" "$base" >/dev/null
  rm -f "$tar"
  log "root filesystem $base in $((SECONDS - start))s"
fi

# --- layer 2: JRE ---
# --strip-java-debug-attributes, not --strip-debug: that one also strips native symbols with objcopy, which JDK
# images need not have (the JDK's native libraries come stripped anyway); the Dockerfile uses the same flags
jlink_flags=(--strip-java-debug-attributes --no-man-pages --no-header-files --compress=2)
jre_hash=$( (echo "$java_version"; echo "${jlink_flags[*]}"; cat scripts/image/jre-modules) | sha256sum | cut -c1-12)
jre_image=localhost/externaldbsecret-operator-jre:${base_hash}-${jre_hash}
if ! has_image "$jre_image"; then
  start=$SECONDS
  jre_ctx="$cache/jre-$jre_hash"
  rm -rf "$jre_ctx"
  mkdir -p "$jre_ctx"
  log "JRE: jlink $(list scripts/image/jre-modules | paste -sd, -)"
  jlink --add-modules "$(list scripts/image/jre-modules | paste -sd, -)" "${jlink_flags[@]}" --output "$jre_ctx/java"
  printf 'FROM %s\nCOPY java/ /opt/java/\n' "$base" >"$jre_ctx/Containerfile"
  podman_build -t "$jre_image" -f "$jre_ctx/Containerfile" "$jre_ctx" >/dev/null
  rm -rf "$jre_ctx"
  log "JRE image $jre_image in $((SECONDS - start))s"
fi

# older roots and JREs (another package list, module list or JDK) are of no more use
for stale in $(podman images --format '{{.Repository}}:{{.Tag}}' \
    | grep -E '^localhost/externaldbsecret-operator-(base|jre):' | grep -vxF -e "$base" -e "$jre_image"); do
  podman rmi "$stale" >/dev/null 2>&1 || true
done

# --- layers 3 to 5 ---
start=$SECONDS
containerfile=target/image/Containerfile
if [[ $what == operator ]]; then
  prepare_context
  mkdir -p target/image
  { echo "FROM $jre_image"; sed -n '/^# ---- scripts\/image.sh builds the lines below/,$p' Dockerfile | tail -n +2; } >"$containerfile"
else
  [[ -f target/test-classes/io/dbsecrets/operator/pod/PrintEnv.class ]] \
    || { log "no target/test-classes/io/dbsecrets/operator/pod/PrintEnv.class: run mvn test-compile"; exit 1; }
  mkdir -p target/image
  cat >"$containerfile" <<EOF
FROM $jre_image
COPY target/test-classes/io/dbsecrets/operator/pod/PrintEnv.class /app/io/dbsecrets/operator/pod/
USER 10001:10001
ENTRYPOINT ["/opt/java/bin/java", "-cp", "/app", "io.dbsecrets.operator.pod.PrintEnv"]
EOF
fi
podman_build -t "$tag" -f "$containerfile" . >/dev/null
log "$tag built in $((SECONDS - start))s ($(podman image inspect --format '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
if [[ -n "$save" ]]; then
  rm -f "$save"
  podman save --quiet --format docker-archive -o "$save" "$tag"
  log "saved to $save"
fi
echo "$tag"
