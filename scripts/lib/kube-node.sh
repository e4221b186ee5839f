#!/usr/bin/env bash
# Function library: one node that runs pods, added to a control plane started by kcp_up (kube-control-plane.sh)
# with KCP_NODE_IP set. Source both, then:
#   kn_up DIR      start containerd (Debian package, runc), kube-scheduler, kube-proxy (iptables) and a kubelet
#                  with CNI bridge networking (Debian's containernetworking-plugins), state in DIR/node;
#                  wait until the node is Ready
#   kn_import DIR ARCHIVE...   load image archives (podman save) into the node's containerd
#   kn_down DIR    delete the pods' containers, stop what kn_up started, remove mounts, iptables rules and the bridge
# Everything the node changes on the host is global (iptables chains, the bridge dbsecrets0), so only one node runs
# on a machine at a time: kn_up refuses to start while the node named in $DBSECRETS_KUBE_CACHE/node.owner runs.

KN_POD_CIDR=10.88.0.0/16
KN_BRIDGE=dbsecrets0

kn_log() { echo "[node-up] $*" >&2; }

# The pod sandbox image: scripts/image/pause/pause.go, built with Go, imported into containerd.
kn_pause_image() {
  local out="$1/pause.tar" work="$1/pause"
  mkdir -p "$work"
  (cd "$KCP_SCRIPTS_DIR/image/pause" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags='-s -w' \
    -o "$work/pause" pause.go) || return 1
  printf 'FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n' >"$work/Containerfile"
  CONTAINERS_CONF="${DBSECRETS_IMAGE_CACHE:-$HOME/.cache/dbsecrets-image}/containers.conf" \
    podman build --pull=never --network host --quiet -t localhost/dbsecrets-pause:dev -f "$work/Containerfile" "$work" >/dev/null \
    && CONTAINERS_CONF="${DBSECRETS_IMAGE_CACHE:-$HOME/.cache/dbsecrets-image}/containers.conf" \
      podman save --quiet --format docker-archive -o "$out" localhost/dbsecrets-pause:dev || return 1
  echo "$out"
}

kn_prereqs() {
  local missing=()
  command -v containerd >/dev/null || missing+=(containerd)
  command -v runc >/dev/null || missing+=(runc)
  [[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v conntrack >/dev/null || missing+=(conntrack)
  if ((${#missing[@]})); then
    kn_log "apt-get install ${missing[*]}"
    local sudo_cmd=(); [[ $(id -u) == 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
  # containerd's Debian package starts a containerd of its own where an init system runs; ours has its own socket
}

# kn_running NODE_DIR: is the containerd or kubelet that node-up started for NODE_DIR still running?
kn_running() {
  local name pid
  while read -r name pid; do
    [[ $name == containerd || $name == kubelet ]] || continue
    kcp_running "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$1" && return 0
  done <"$(dirname "$1")/pids" 2>/dev/null
  return 1
}

kn_ctr() { ctr --address "$KN_DIR/containerd.sock" -n k8s.io "$@"; }

kn_up() {
  KN_DIR="$(cd "$1" && pwd)/node"
  local start=$SECONDS node_bin
  [[ -n "${KCP_NODE_IP:-}" ]] || { kn_log "KCP_NODE_IP is not set (start the control plane with it)"; return 1; }
  local owner="${DBSECRETS_KUBE_CACHE:-$HOME/.cache/dbsecrets-kube}/node.owner" other
  mkdir -p "$(dirname "$owner")" "$KN_DIR"/{cni/net.d,containerd,kubelet}
  if other=$(cat "$owner" 2>/dev/null) && [[ "$other" != "$KN_DIR" ]] && kn_running "$other"; then
    kn_log "another node runs on this machine ($other); stop it with scripts/node-down.sh $(dirname "$other")"
    return 1
  fi
  echo "$KN_DIR" >"$owner"
  kn_prereqs || return 1
  node_bin="$("$KCP_SCRIPTS_DIR/kube-binaries.sh" --node --print-bin-dir)" || return 1
  modprobe br_netfilter 2>/dev/null || true
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true

  cat >"$KN_DIR/cni/net.d/10-dbsecrets.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "dbsecrets",
  "plugins": [
    {"type": "bridge", "bridge": "${KN_BRIDGE}", "isGateway": true, "ipMasq": true, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "${KN_POD_CIDR}"}]], "routes": [{"dst": "0.0.0.0/0"}],
              "dataDir": "${KN_DIR}/cni/ipam"}},
    {"type": "portmap", "capabilities": {"portMappings": true}},
    {"type": "loopback"}
  ]
}
EOF
  cat >"$KN_DIR/containerd.toml" <<EOF
version = 2
root = "${KN_DIR}/containerd/root"
state = "${KN_DIR}/containerd/state"
[grpc]
  address = "${KN_DIR}/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/dbsecrets-pause:dev"
  # The kubelet asks for negative OOM scores (-998 for sandboxes), which needs CAP_SYS_RESOURCE; sandboxes and
  # CI runners often lack it (runc: "failed to update /proc/self/oom_score_adj: Permission denied"). Clamp them
  # to containerd's own score instead.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "${KN_DIR}/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${KN_DIR}/cni/net.d"
EOF
  kn_log "starting containerd"
  local pid
  pid=$(KCP_BIN_DIR=/usr/bin kcp_start containerd containerd --config "$KN_DIR/containerd.toml")
  local i
  for i in $(seq 1 60); do kn_ctr version >/dev/null 2>&1 && break; sleep 0.5; done
  kn_ctr version >/dev/null 2>&1 || { kn_log "containerd did not start:"; tail -n 20 "$KCP_DIR/logs/containerd.log" >&2; return 1; }
  local pause
  pause=$(kn_pause_image "$KN_DIR") || { kn_log "could not build the pause image"; return 1; }
  kn_import "$1" "$pause" || return 1

  local node_name
  node_name=$(hostname | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9.\n-' '-')
  local sched_port proxy_health proxy_metrics kubelet_port kubelet_health
  sched_port=$(kcp_free_port); proxy_health=$(kcp_free_port); proxy_metrics=$(kcp_free_port); kubelet_port=$(kcp_free_port); kubelet_health=$(kcp_free_port)

  kn_log "starting kube-scheduler"
  pid=$(KCP_BIN_DIR="$node_bin" kcp_start kube-scheduler kube-scheduler \
    --kubeconfig="$KCP_DIR/admin.kubeconfig" --bind-address=127.0.0.1 --secure-port="$sched_port" \
    --leader-elect=false --v=1)
  kcp_wait_url kube-scheduler "$pid" 120 -k "https://127.0.0.1:${sched_port}/healthz" || return 1

  cat >"$KN_DIR/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${KCP_NODE_IP}
port: ${kubelet_port}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: ${kubelet_health}
authentication: {anonymous: {enabled: false}, webhook: {enabled: true}, x509: {clientCAFile: ${KCP_DIR}/pki/ca.crt}}
authorization: {mode: Webhook}
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://${KN_DIR}/containerd.sock
resolvConf: /etc/resolv.conf
podLogsDir: ${KN_DIR}/pod-logs
podCIDR: ${KN_POD_CIDR}
maxPods: 30
serializeImagePulls: false
imageGCHighThresholdPercent: 100
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
EOF
  kn_log "starting kubelet (node ${node_name}, ${KCP_NODE_IP})"
  pid=$(KCP_BIN_DIR="$node_bin" kcp_start kubelet kubelet --config="$KN_DIR/kubelet.yaml" \
    --kubeconfig="$KCP_DIR/admin.kubeconfig" --root-dir="$KN_DIR/kubelet" --cert-dir="$KN_DIR/kubelet/pki" --hostname-override="$node_name" \
    --node-ip="$KCP_NODE_IP" --v=1)
  kcp_wait_url kubelet "$pid" 120 "http://127.0.0.1:${kubelet_health}/healthz" -o /dev/null -w ok || return 1
  local deadline=$((SECONDS + 120))
  until "$KCP_BIN_DIR/kubectl" --kubeconfig "$KCP_DIR/admin.kubeconfig" wait --for=condition=Ready "node/$node_name" \
      --timeout=5s >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then kn_log "node $node_name not Ready; kubelet log:"; tail -n 30 "$KCP_DIR/logs/kubelet.log" >&2; return 1; fi
    sleep 1
  done
  cat >"$KN_DIR/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: ${KCP_DIR}/admin.kubeconfig}
mode: iptables
clusterCIDR: ${KN_POD_CIDR}
hostnameOverride: ${node_name}
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:${proxy_health}
metricsBindAddress: 127.0.0.1:${proxy_metrics}
conntrack: {maxPerCore: 0}
# no NodePort on loopback (it needs route_localnet, a host-wide setting) nor on other addresses than the node's
nodePortAddresses: [primary]
iptables: {localhostNodePorts: false}
EOF
  kn_log "starting kube-proxy (iptables)"
  pid=$(KCP_BIN_DIR="$node_bin" kcp_start kube-proxy kube-proxy --config="$KN_DIR/kube-proxy.yaml" --v=1)
  # healthy once it has written the rules for the node, which the kubelet has registered by now
  kcp_wait_url kube-proxy "$pid" 120 "http://127.0.0.1:${proxy_health}/healthz" -o /dev/null -w ok || return 1

  echo "export KN_NODE_NAME=$node_name" >>"$KCP_DIR/env"
  echo "export KN_CONTAINERD_SOCK=$KN_DIR/containerd.sock" >>"$KCP_DIR/env"
  kn_log "node $node_name Ready in $((SECONDS - start))s"
}

kn_import() {
  KN_DIR="$(cd "$1" && pwd)/node"
  shift
  local archive
  for archive in "$@"; do
    kn_ctr images import --no-unpack "$archive" >/dev/null || { kn_log "ctr images import $archive failed"; return 1; }
  done
}

kn_down() {
  local dir
  dir="$(cd "$1" && pwd)"
  KN_DIR="$dir/node"
  [[ -d "$KN_DIR" ]] || return 0
  # first the kubelet: while it runs it starts again every pod sandbox that is stopped below
  local name pid
  while read -r name pid; do
    if [[ $name == kubelet ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$dir"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done <"$dir/pids"
  local netns=()
  if [[ -S "$KN_DIR/containerd.sock" ]] && kn_ctr version >/dev/null 2>&1; then
    # the network namespaces of this node's pod sandboxes (the CRI keeps them under /run/netns)
    local id
    for id in $(kn_ctr containers ls -q 2>/dev/null); do
      # (a pod's app containers join its sandbox's namespace by /proc path: only sandboxes name one)
      netns+=($(kn_ctr containers info "$id" 2>/dev/null | grep -o '"/[a-z/]*netns/cni-[0-9a-f-]*"' | tr -d '"' || true))
    done
    # the pods' processes belong to containerd's shims, which outlive containerd and the kubelet: stop them first
    local task
    for task in $(kn_ctr tasks ls -q 2>/dev/null); do kn_ctr tasks kill -s SIGKILL "$task" >/dev/null 2>&1 || true; done
    sleep 1
    for task in $(kn_ctr tasks ls -q 2>/dev/null); do kn_ctr tasks delete -f "$task" >/dev/null 2>&1 || true; done
    for task in $(kn_ctr containers ls -q 2>/dev/null); do kn_ctr containers delete "$task" >/dev/null 2>&1 || true; done
  fi
  local shim
  for shim in $(pgrep -f "containerd-shim-runc-v2 .*-address ${KN_DIR}/containerd.sock" 2>/dev/null); do
    kill -KILL "$shim" 2>/dev/null || true
  done
  kcp_down "$dir"
  if "$KCP_SCRIPTS_DIR/kube-binaries.sh" --node --check; then
    "$("$KCP_SCRIPTS_DIR/kube-binaries.sh" --node --print-bin-dir 2>/dev/null)/kube-proxy" --cleanup >/dev/null 2>&1 || true
  fi
  # shm and rootfs mounts under the node's directories, and the pods' network namespaces
  grep -o " ${KN_DIR}/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done || true
  local ns
  for ns in "${netns[@]}"; do
    ns="$(readlink -f "$ns" 2>/dev/null || echo "$ns")"
    umount -l "$ns" 2>/dev/null || true
    rm -f "$ns"
  done
  ip link delete "$KN_BRIDGE" 2>/dev/null || true
  # the rules of kube-proxy, the kubelet (KUBE-*) and the CNI plugins (CNI-*): the node lock says they are ours
  local ipt table rule chain
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    for table in nat filter mangle; do
      "$ipt" -t "$table" -S 2>/dev/null | grep -E '^-A [A-Z]+ .*-j (KUBE|CNI)-' | grep -vE '^-A (KUBE|CNI)-' | sed 's/^-A/-D/' \
        | while read -r rule; do eval "$ipt -t $table $rule" 2>/dev/null || true; done || true
      for chain in $("$ipt" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(\(KUBE\|CNI\)-[^ ]*\)$/\1/p'); do
        "$ipt" -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $("$ipt" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(\(KUBE\|CNI\)-[^ ]*\)$/\1/p'); do
        "$ipt" -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
  local owner="${DBSECRETS_KUBE_CACHE:-$HOME/.cache/dbsecrets-kube}/node.owner"
  [[ "$(cat "$owner" 2>/dev/null)" != "$KN_DIR" ]] || rm -f "$owner"
}
