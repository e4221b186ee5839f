#!/usr/bin/env bash
# Smoke test of the throwaway control plane with kubectl: RBAC is enforced, the Deployment
# controller rolls out a new ReplicaSet when the pod template changes, and the garbage
# collector deletes dependents of a deleted owner. Stops everything on exit.
# Usage: scripts/kube-smoke.sh        (builds the binaries first if they are not cached)
set -euo pipefail
source "$(dirname "$0")/lib/kube-control-plane.sh"

dir="$(mktemp -d /tmp/dbsecrets-kube-smoke.XXXXXX)"
cleanup() { kcp_down "$dir"; rm -rf "$dir"; }
trap cleanup EXIT
kcp_up "$dir"
k() { "$KCP_BIN_DIR/kubectl" --kubeconfig "$KUBECONFIG" "$@"; }

passed=0 failed=0
check() { # NAME COMMAND... : run a check, count it
  local name="$1"; shift
  if "$@"; then
    echo "ok   - $name"; passed=$((passed + 1))
  else
    echo "FAIL - $name"; failed=$((failed + 1))
  fi
}
# eventually TIMEOUT_S COMMAND... : retry until it succeeds
eventually() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}
count_is() { # WANT COMMAND... : the command prints WANT lines
  local want="$1"; shift
  [[ "$("$@" | grep -c .)" == "$want" ]]
}

ns=smoke
k create namespace "$ns" >/dev/null
k -n "$ns" create serviceaccount app >/dev/null

# RBAC: a fresh ServiceAccount may not read Secrets until it is granted a Role.
sa="system:serviceaccount:${ns}:app"
denied() { ! k -n "$ns" get secrets --as="$sa" >/dev/null 2>&1; }
check "rbac denies an ungranted ServiceAccount" denied
k -n "$ns" create role secret-reader --verb=get,list --resource=secrets >/dev/null
k -n "$ns" create rolebinding app-secret-reader --role=secret-reader --serviceaccount="${ns}:app" >/dev/null
check "rbac allows it after a RoleBinding" eventually 10 k -n "$ns" get secrets --as="$sa"

# Deployment controller: a ReplicaSet appears, and a new one after a template change.
k -n "$ns" create deployment web --image=registry.invalid/web:1 >/dev/null
rs_names() { k -n "$ns" get rs -l app=web -o name; }
check "deployment controller creates a ReplicaSet" eventually 60 count_is 1 rs_names
check "replicaset controller creates a (Pending) pod" \
  eventually 60 count_is 1 k -n "$ns" get pods -l app=web -o name
k -n "$ns" patch deployment web --type=merge \
  -p '{"spec":{"template":{"metadata":{"annotations":{"dbsecrets.io/restartedAt":"smoke"}}}}}' >/dev/null
check "template change rolls out a second ReplicaSet" eventually 60 count_is 2 rs_names
revision() { [[ "$(k -n "$ns" get deployment web -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision}')" == 2 ]]; }
check "deployment is at revision 2" eventually 30 revision

# Garbage collector: deleting the owner deletes the dependent.
k -n "$ns" create configmap owner --from-literal=a=b >/dev/null
owner_uid="$(k -n "$ns" get configmap owner -o jsonpath='{.metadata.uid}')"
k -n "$ns" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: dependent
  ownerReferences:
  - apiVersion: v1
    kind: ConfigMap
    name: owner
    uid: ${owner_uid}
data:
  c: d
EOF
k -n "$ns" delete configmap owner >/dev/null
dependent_gone() { ! k -n "$ns" get configmap dependent >/dev/null 2>&1; }
check "garbage collector deletes the dependent of a deleted owner" eventually 60 dependent_gone

echo "kube-smoke: ${passed} passed, ${failed} failed"
((failed == 0))
