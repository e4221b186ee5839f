#!/usr/bin/env bash
# Function library: a throwaway Kubernetes control plane (etcd + kube-apiserver +
# kube-controller-manager) on loopback, no scheduler and no kubelet (pods stay Pending).
# Source it, then:
#   kcp_up DIR     start everything with its state in DIR (certs, etcd data, logs, kubeconfigs),
#                  wait until ready; sets KUBECONFIG, KCP_DIR, KCP_BIN_DIR, KCP_API_URL
#                  With KCP_NODE_IP set (scripts/node-up.sh), the API server also listens on that address and
#                  publishes it as the endpoint of the `kubernetes` Service, so pods reach it through kube-proxy.
#   kcp_down DIR   stop what kcp_up DIR started (pids in DIR/pids); DIR is kept
#   kcp_stop_one DIR NAME     stop one of them (an API server outage: kcp_stop_one DIR kube-apiserver)
#   kcp_restart_apiserver DIR start kube-apiserver again with the flags and port kcp_up gave it
# This is the one launcher: scripts/kube-up.sh and kube-down.sh wrap it for demo.sh and the benchmark, and the
# tests' KubeControlPlane (src/test/java/io/dbsecrets/operator/it/) runs those two scripts.

KCP_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

kcp_log() { echo "[kube-up] $*" >&2; }

# A loopback TCP port nobody listens on, below the kernel's ephemeral range: a port in that range can be the
# local end of an outgoing connection, which no listening check sees but which makes bind fail. Still racy, so
# kube-up.sh retries a failed start on fresh ports.
kcp_free_port() {
  local port i low=32768
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  for i in $(seq 1 200); do
    port=$((15000 + RANDOM % (low - 15000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# kcp_wait_url NAME PID TIMEOUT_S CURL_ARGS... : poll until the URL answers 200 with a body starting "ok"
kcp_wait_url() {
  local name="$1" pid="$2" timeout="$3"
  shift 3
  local deadline=$((SECONDS + timeout)) out
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      kcp_log "$name exited during startup; last log lines:"
      tail -n 30 "$KCP_DIR/logs/$name.log" >&2
      return 1
    fi
    if out=$(curl -fsS --max-time 5 "$@" 2>/dev/null) && [[ "$out" == ok* ]]; then
      return 0
    fi
    sleep 0.5
  done
  kcp_log "$name not ready after ${timeout}s; last log lines:"
  tail -n 30 "$KCP_DIR/logs/$name.log" >&2
  return 1
}

# kcp_start NAME BINARY ARGS... : start detached (own session), log to DIR/logs/NAME.log
kcp_start() {
  local name="$1" bin="$2"
  shift 2
  setsid "$KCP_BIN_DIR/$bin" "$@" >>"$KCP_DIR/logs/$name.log" 2>&1 </dev/null &
  local pid=$!
  echo "$name $pid" >>"$KCP_DIR/pids"
  echo "$pid"
}

kcp_write_kubeconfig() { # FILE USER CERT KEY
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: dbsecrets-test
  cluster:
    server: ${KCP_API_URL}
    certificate-authority: ${KCP_DIR}/pki/ca.crt
users:
- name: $2
  user:
    client-certificate: $3
    client-key: $4
contexts:
- name: dbsecrets-test
  context:
    cluster: dbsecrets-test
    user: $2
current-context: dbsecrets-test
EOF
}

kcp_up() {
  KCP_DIR="$(mkdir -p "$1" && cd "$1" && pwd)"
  local start=$SECONDS
  KCP_BIN_DIR="$("$KCP_SCRIPTS_DIR/kube-binaries.sh" --print-bin-dir)"
  mkdir -p "$KCP_DIR/logs"
  mkdir -p -m 700 "$KCP_DIR/etcd"
  : >"$KCP_DIR/pids"
  "$KCP_SCRIPTS_DIR/kube-certs.sh" "$KCP_DIR/pki"
  local pki="$KCP_DIR/pki"

  local etcd_port etcd_peer_port api_port kcm_port
  etcd_port=$(kcp_free_port)
  etcd_peer_port=$(kcp_free_port)
  api_port=$(kcp_free_port)
  kcm_port=$(kcp_free_port)
  KCP_API_URL="https://127.0.0.1:${api_port}"

  kcp_log "starting etcd on 127.0.0.1:${etcd_port}"
  local etcd_pid
  etcd_pid=$(kcp_start etcd etcd \
    --name=kcp \
    --data-dir="$KCP_DIR/etcd" \
    --listen-client-urls="http://127.0.0.1:${etcd_port}" \
    --advertise-client-urls="http://127.0.0.1:${etcd_port}" \
    --listen-peer-urls="http://127.0.0.1:${etcd_peer_port}" \
    --initial-advertise-peer-urls="http://127.0.0.1:${etcd_peer_port}" \
    --initial-cluster="kcp=http://127.0.0.1:${etcd_peer_port}" \
    --unsafe-no-fsync=true \
    --log-level=warn)
  kcp_wait_url etcd "$etcd_pid" 60 "http://127.0.0.1:${etcd_port}/health" -o /dev/null -w ok || return 1

  kcp_log "starting kube-apiserver on ${KCP_API_URL}${KCP_NODE_IP:+ and ${KCP_NODE_IP}:${api_port}}"
  local network=(--bind-address=127.0.0.1 --advertise-address=127.0.0.1 --endpoint-reconciler-type=none)
  if [[ -n "${KCP_NODE_IP:-}" ]]; then
    network=(--bind-address=0.0.0.0 --advertise-address="$KCP_NODE_IP" --endpoint-reconciler-type=lease)
    # logs, exec: the API server calls the kubelet as the admin, whom the kubelet's webhook authorizer allows
    network+=(--kubelet-client-certificate="$pki/admin.crt" --kubelet-client-key="$pki/admin.key"
      --kubelet-preferred-address-types=InternalIP)
  fi
  local api_args=(
    --etcd-servers="http://127.0.0.1:${etcd_port}"
    "${network[@]}"
    --secure-port="${api_port}"
    --tls-cert-file="$pki/apiserver.crt"
    --tls-private-key-file="$pki/apiserver.key"
    --client-ca-file="$pki/ca.crt"
    --authorization-mode=RBAC
    --service-account-issuer=https://kubernetes.default.svc.cluster.local
    --service-account-key-file="$pki/sa.pub"
    --service-account-signing-key-file="$pki/sa.key"
    --service-cluster-ip-range=10.0.0.0/24
    --allow-privileged=true
    --profiling=false
    --v=1)
  # kept for kcp_restart_apiserver, NUL-separated
  printf '%s\0' "${api_args[@]}" >"$KCP_DIR/kube-apiserver.args"
  local api_pid
  api_pid=$(kcp_start kube-apiserver kube-apiserver "${api_args[@]}")
  kcp_wait_url kube-apiserver "$api_pid" 180 "${KCP_API_URL}/readyz" \
    --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" || return 1

  kcp_write_kubeconfig "$KCP_DIR/admin.kubeconfig" dbsecrets-admin "$pki/admin.crt" "$pki/admin.key"
  kcp_write_kubeconfig "$KCP_DIR/controller-manager.kubeconfig" system:kube-controller-manager \
    "$pki/controller-manager.crt" "$pki/controller-manager.key"

  kcp_log "starting kube-controller-manager (health on 127.0.0.1:${kcm_port})"
  local kcm_pid kcm_kubeconfig="$KCP_DIR/controller-manager.kubeconfig"
  kcm_pid=$(kcp_start kube-controller-manager kube-controller-manager \
    --kubeconfig="$kcm_kubeconfig" \
    --bind-address=127.0.0.1 \
    --secure-port="${kcm_port}" \
    --cert-dir="$KCP_DIR/kcm-certs" \
    --controllers='*' \
    --use-service-account-credentials=false \
    --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" \
    --cluster-signing-key-file="$pki/ca.key" \
    --leader-elect=false \
    --profiling=false \
    --v=1)
  kcp_wait_url kube-controller-manager "$kcm_pid" 120 -k "https://127.0.0.1:${kcm_port}/healthz" || return 1

  export KUBECONFIG="$KCP_DIR/admin.kubeconfig" KCP_DIR KCP_BIN_DIR KCP_API_URL
  {
    echo "export KUBECONFIG=$KUBECONFIG"
    echo "export KCP_DIR=$KCP_DIR"
    echo "export KCP_BIN_DIR=$KCP_BIN_DIR"
    echo "export KCP_API_URL=$KCP_API_URL"
    echo "export PATH=$KCP_BIN_DIR:\$PATH"
  } >"$KCP_DIR/env"
  kcp_log "control plane ready in $((SECONDS - start))s (state in $KCP_DIR)"
}

# alive and not a zombie (a process whose parent died may wait a while to be reaped)
kcp_running() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n "$state" && "$state" != Z ]]
}

# kcp_stop_pid DIR NAME PID : TERM, then KILL after 10 s; only if PID is still the process kcp_up started in DIR
kcp_stop_pid() {
  local dir="$1" name="$2" pid="$3" i
  if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$dir"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kcp_running "$pid" || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    kcp_log "stopped $name ($pid)"
  fi
}

kcp_down() {
  local dir="$1" name pid
  [[ -f "$dir/pids" ]] || return 0
  # reverse start order: controller-manager, apiserver, etcd
  tac "$dir/pids" | while read -r name pid; do
    kcp_stop_pid "$dir" "$name" "$pid"
  done
  : >"$dir/pids"
}

kcp_stop_one() { # DIR NAME
  local dir="$1" only="$2" name pid
  [[ -f "$dir/pids" ]] || return 0
  while read -r name pid; do
    [[ "$name" == "$only" ]] && kcp_stop_pid "$dir" "$name" "$pid"
  done <"$dir/pids"
  grep -v "^$only " "$dir/pids" >"$dir/pids.new" || true
  mv "$dir/pids.new" "$dir/pids"
}

kcp_restart_apiserver() { # DIR
  KCP_DIR="$(cd "$1" && pwd)"
  # shellcheck disable=SC1091
  source "$KCP_DIR/env"
  local args=() api_pid
  mapfile -d '' args <"$KCP_DIR/kube-apiserver.args"
  kcp_log "starting kube-apiserver again on ${KCP_API_URL}"
  api_pid=$(kcp_start kube-apiserver kube-apiserver "${args[@]}")
  kcp_wait_url kube-apiserver "$api_pid" 180 "${KCP_API_URL}/readyz" \
    --cacert "$KCP_DIR/pki/ca.crt" --cert "$KCP_DIR/pki/admin.crt" --key "$KCP_DIR/pki/admin.key"
}
