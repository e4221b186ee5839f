#!/usr/bin/env bash
# The ExternalDbSecret operator end to end on this machine, no cluster and no AWS account needed:
#   moto (an AWS emulator) plays Secrets Manager, a local control plane (etcd, kube-apiserver,
#   kube-controller-manager from scripts/kube-up.sh) plays Kubernetes, and the operator runs from its jar.
# It creates an RDS-style secret, syncs it into a Secret, rotates it, and shows the Deployment that
# uses it get a new revision; then, with an hourly refresh, a rotation arriving within seconds through
# Secrets Manager's EventBridge event on an SQS queue (moto's EventBridge and SQS). Everything it starts is
# stopped on exit; logs are kept on failure.
# With pods (as root, once the pod tier's prerequisites are there: scripts/ci-pod-prereqs.sh), the operator runs
# as the image scripts/image.sh builds, installed from deploy/ on a node that runs pods (scripts/node-up.sh), and
# the app is a real pod: the audience sees it replaced by one that starts with the new password.
#
# Usage: scripts/demo.sh [--pods | --no-pods]   (default: pods when available)
# Needs: JDK 17, Maven (to build the jar once), Python 3 (moto is pip-installed if missing), openssl,
#        curl, and Go the first time (the control-plane binaries are built once, several minutes,
#        then cached in ~/.cache/dbsecrets-kube).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

pods_available() {
  [[ $(id -u) == 0 ]] && scripts/kube-binaries.sh --node --check && [[ -x /usr/lib/cni/bridge ]] \
    && command -v podman && command -v containerd && command -v runc && command -v mmdebstrap
} >/dev/null 2>&1
case "${1:-}" in
  --pods) pods=1 ;;
  --no-pods) pods= ;;
  "") pods=; if pods_available; then pods=1; fi ;;
  *) echo "usage: scripts/demo.sh [--pods | --no-pods]" >&2; exit 2 ;;
esac

NAMESPACE=payments
OPERATOR_NAMESPACE=dbsecrets-system
AWS_SECRET=demo/payments/momentum-db
TIMEOUT=120 # seconds for each wait; generous, for a busy 2-core machine

step_no=0
step() { step_no=$((step_no + 1)); printf '\n\033[1m%d. %s\033[0m\n' "$step_no" "$*"; }
say() { echo "   $*"; }
fail() {
  echo >&2
  echo "demo.sh: FAILED at step ${step_no}: $*" >&2
  exit 1
}

work="$(mktemp -d /tmp/dbsecrets-demo.XXXXXX)"
moto_pid="" operator_pid="" kcp_dir=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  echo
  echo "Stopping what the demo started ..."
  if [[ -n "$operator_pid" ]] && kill -0 "$operator_pid" 2>/dev/null; then
    kill -TERM "$operator_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$operator_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$operator_pid" 2>/dev/null || true
  fi
  if [[ -n "$moto_pid" ]]; then
    kill -TERM "$moto_pid" 2>/dev/null || true
  fi
  if [[ -n "$pods" && -n "${KCP_BIN_DIR:-}" && -f "$kcp_dir/admin.kubeconfig" ]]; then
    "$KCP_BIN_DIR/kubectl" --kubeconfig "$kcp_dir/admin.kubeconfig" -n "$OPERATOR_NAMESPACE" \
      logs deployment/externaldbsecret-operator >"$work/operator.log" 2>/dev/null || true
  fi
  if [[ -n "$kcp_dir" && -n "$pods" ]]; then
    if ! scripts/node-down.sh "$kcp_dir" >"$work/node-down.log" 2>&1; then
      echo "scripts/node-down.sh failed: containers may still run (see $work/node-down.log)" >&2
      status=1
    fi
  elif [[ -n "$kcp_dir" ]]; then
    scripts/kube-down.sh "$kcp_dir" --keep 2>/dev/null || true
  fi
  if ((status == 0)); then
    rm -rf "$work"
    echo "Done: the demo passed, and everything it started is stopped."
  else
    if [[ -s "$work/operator.log" ]]; then
      echo "Last lines of the operator's log:" >&2
      tail -n 25 "$work/operator.log" >&2
    fi
    echo "Logs kept in $work (operator.log, moto.log, kube/logs/)." >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'echo "demo.sh: FAILED at step ${step_no}: command failed: ${BASH_COMMAND}" >&2' ERR

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# eventually SECONDS COMMAND... : retry the command until it succeeds; false if it never does
eventually() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}
# wait_for SECONDS DESCRIPTION COMMAND... : the same, failing the demo on timeout
wait_for() {
  local timeout="$1" what="$2"
  shift 2
  eventually "$timeout" "$@" || fail "timed out after ${timeout}s waiting for ${what}"
}

# Dummy credentials, for moto only: the operator's AWS SDK and the aws CLI need some to sign requests.
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_PAGER=""

# aws_sm create NAME JSON | aws_sm put NAME JSON : prints the new VersionId (aws CLI, or boto3 that moto brings)
aws_sm() {
  local action="$1" name="$2" value="$3"
  if command -v aws >/dev/null; then
    local sub=create-secret id=--name
    [[ "$action" == put ]] && sub=put-secret-value id=--secret-id
    aws --endpoint-url "$AWS_ENDPOINT" secretsmanager "$sub" "$id" "$name" --secret-string "$value" \
      --query VersionId --output text
  else
    python3 - "$AWS_ENDPOINT" "$action" "$name" "$value" <<'EOF'
import sys, boto3
endpoint, action, name, value = sys.argv[1:]
sm = boto3.client("secretsmanager", endpoint_url=endpoint)
if action == "create":
    print(sm.create_secret(Name=name, SecretString=value)["VersionId"])
else:
    print(sm.put_secret_value(SecretId=name, SecretString=value)["VersionId"])
EOF
  fi
}

step "Start moto, an AWS emulator, as Secrets Manager"
if ! command -v moto_server >/dev/null; then
  say "moto_server is not installed: pip install 'moto[server]'"
  python3 -m pip install --quiet 'moto[server]' || fail "could not install moto (pip install 'moto[server]')"
  hash -r
  command -v moto_server >/dev/null || fail "moto_server is not on the PATH after pip install"
fi
moto_port="$(free_port)"
moto_host=127.0.0.1
if [[ -n "$pods" ]]; then
  # where pods reach this machine: the address node-up.sh gives the node
  moto_host="$(ip -4 route get 1.1.1.1 | sed -n 's/.* src \([0-9.]*\).*/\1/p')"
fi
AWS_ENDPOINT="http://${moto_host}:${moto_port}"
moto_server -H "$moto_host" -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
wait_for 60 "moto on $AWS_ENDPOINT" curl -fsS "$AWS_ENDPOINT/moto-api/"
say "moto is listening on $AWS_ENDPOINT"

if [[ -n "$pods" ]]; then
  step "Build the operator's image and the app's image with podman (no registry)"
  scripts/image.sh --save "$work/operator.tar" 2>"$work/image.log" >/dev/null \
    || { tail -n 20 "$work/image.log" >&2; fail "the operator image did not build"; }
  grep -E 'built in|root filesystem .* in|JRE image' "$work/image.log" | sed 's/^.*\[image\] /   /'
  scripts/image.sh --no-package --printenv-app --save "$work/app.tar" 2>>"$work/image.log" >/dev/null \
    || { tail -n 20 "$work/image.log" >&2; fail "the app image did not build"; }
  say "app image localhost/dbsecrets-printenv:dev: prints the DB_* variables it started with"

  step "Start a local Kubernetes cluster with a node that runs pods (containerd, kubelet, kube-proxy)"
  kcp_dir="$work/kube"
  scripts/node-up.sh "$kcp_dir" "$work/operator.tar" "$work/app.tar" >"$work/kube.env" 2>"$work/node-up.log" \
    || { tail -n 20 "$work/node-up.log" >&2; fail "the cluster did not start (logs: $kcp_dir/logs)"; }
  # shellcheck disable=SC1091
  source "$work/kube.env"
  k() { "$KCP_BIN_DIR/kubectl" "$@"; }
  say "API server at $KCP_API_URL; kubectl is $KCP_BIN_DIR/kubectl, KUBECONFIG=$KUBECONFIG"
  k get nodes -o wide | sed 's/^/   /'
else
  step "Start a local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager)"
  if ! scripts/kube-binaries.sh --check; then
    say "First run: building the Kubernetes binaries from source; this takes several minutes, once."
  fi
  kcp_dir="$work/kube"
  scripts/kube-up.sh "$kcp_dir" >"$work/kube.env" || fail "the control plane did not start (logs: $kcp_dir/logs)"
  # shellcheck disable=SC1091
  source "$work/kube.env"
  k() { "$KCP_BIN_DIR/kubectl" "$@"; }
  say "API server at $KCP_API_URL; kubectl is $KCP_BIN_DIR/kubectl, KUBECONFIG=$KUBECONFIG"
  say "(no scheduler or kubelet: pods stay Pending, but Deployments still roll out ReplicaSets;"
  say " as root with scripts/ci-pod-prereqs.sh done, the demo runs real pods)"
fi

step "Create an RDS-style secret '$AWS_SECRET' in Secrets Manager"
rds_json() {
  printf '{"username":"payments_app","password":"%s","engine":"postgres","host":"momentum.cluster-abc.us-east-1.rds.amazonaws.com","port":5432,"dbname":"momentum","dbInstanceIdentifier":"momentum-db"}' "$1"
}
first_version="$(aws_sm create "$AWS_SECRET" "$(rds_json "$(openssl rand -hex 12)")")" \
  || fail "could not create the secret in moto"
say "version $first_version (fields: username, password, engine, host, port, dbname, dbInstanceIdentifier)"

step "Install the CustomResourceDefinition and the namespaces"
k apply -f crds/ | sed 's/^/   /'
k wait --for=condition=Established --timeout="${TIMEOUT}s" crd/externaldbsecrets.dbsecrets.io | sed 's/^/   /'
k create namespace "$OPERATOR_NAMESPACE" >/dev/null
k apply -f - <<EOF | sed 's/^/   /'
apiVersion: v1
kind: Namespace
metadata:
  name: $NAMESPACE
  annotations:
    # The namespace policy (on by default): this namespace may read only these AWS secrets.
    dbsecrets.io/allowed-secrets: "demo/payments/*"
EOF

# events NAME : creates an SQS queue NAME and an EventBridge rule sending Secrets Manager events to it, prints the
# queue URL; label_updated NAME VERSION : the event Secrets Manager publishes when AWSCURRENT moves (boto3, which
# moto brings; moto does not publish it by itself)
events() {
  python3 - "$AWS_ENDPOINT" "$1" <<'EOF'
import json, sys, boto3
endpoint, name = sys.argv[1:]
sqs, ev = boto3.client("sqs", endpoint_url=endpoint), boto3.client("events", endpoint_url=endpoint)
url = sqs.create_queue(QueueName=name)["QueueUrl"]
arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
ev.put_rule(Name=name, EventPattern=json.dumps({"source": ["aws.secretsmanager"]}))
ev.put_targets(Rule=name, Targets=[{"Id": "queue", "Arn": arn}])
print(url)
EOF
}
label_updated() {
  python3 - "$AWS_ENDPOINT" "$1" "$2" <<'EOF'
import json, sys, boto3
endpoint, name, version = sys.argv[1:]
arn = boto3.client("secretsmanager", endpoint_url=endpoint).describe_secret(SecretId=name)["ARN"]
boto3.client("events", endpoint_url=endpoint).put_events(Entries=[{"Source": "aws.secretsmanager",
    "DetailType": "Secret Label Updated", "Resources": [arn],
    "Detail": json.dumps({"name": name, "labelUpdated": "AWSCURRENT", "versionId": version})}])
EOF
}

step "Create the event queue: an SQS queue with an EventBridge rule for Secrets Manager events"
EVENT_QUEUE_URL="$(events dbsecrets-events)" || fail "could not create the queue and rule in moto"
say "queue $EVENT_QUEUE_URL (docs/eventbridge-sqs.yaml is the same for AWS)"

if [[ -n "$pods" ]]; then
  step "Install the operator from deploy/ (as a user would), running the image just built"
  # --force-conflicts: the CRD in it is the one applied above (client-side), now managed server-side
  k apply --server-side --force-conflicts -f deploy/externaldbsecret-operator.yaml | sed 's/^/   /'
  k -n "$OPERATOR_NAMESPACE" set image deployment/externaldbsecret-operator operator=localhost/externaldbsecret-operator:dev \
    | sed 's/^/   /'
  k -n "$OPERATOR_NAMESPACE" patch deployment externaldbsecret-operator --type=json \
    -p '[{"op": "replace", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "Never"}]' | sed 's/^/   /'
  # moto's endpoint and keys; on EKS the pod gets its identity from IRSA or Pod Identity
  k -n "$OPERATOR_NAMESPACE" set env deployment/externaldbsecret-operator DBSECRETS_AWS_ENDPOINT="$AWS_ENDPOINT" \
    AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo DBSECRETS_LOG_FORMAT=text \
    DBSECRETS_EVENT_QUEUE_URL="$EVENT_QUEUE_URL" | sed 's/^/   /'
  k -n "$OPERATOR_NAMESPACE" rollout status deployment/externaldbsecret-operator --timeout="${TIMEOUT}s" \
    | sed 's/^/   /' || fail "the operator did not become ready"
  k -n "$OPERATOR_NAMESPACE" get pods -o wide | sed 's/^/   /'
  say "$(k -n "$OPERATOR_NAMESPACE" logs deployment/externaldbsecret-operator | grep -m1 'AWS identity' | sed 's/^.*\] //')"
else
  step "Build and start the operator"
  jar="target/externaldbsecret-operator-0.1.0-SNAPSHOT.jar"
  if [[ ! -f "$jar" || -n "$(find pom.xml src/main -newer "$jar" -type f -print -quit)" ]]; then
    say "building $jar (mvn -B -q package -DskipTests; missing or older than the sources) ..."
    mvn -B -q package -DskipTests >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; fail "the build failed"; }
  fi
  http_port="$(free_port)"
  KUBECONFIG="$KUBECONFIG" \
    DBSECRETS_AWS_ENDPOINT="$AWS_ENDPOINT" \
    DBSECRETS_EVENT_QUEUE_URL="$EVENT_QUEUE_URL" \
    DBSECRETS_OPERATOR_NAMESPACE="$OPERATOR_NAMESPACE" \
    DBSECRETS_HTTP_PORT="$http_port" \
    DBSECRETS_LOG_FORMAT=text \
    java -jar "$jar" >"$work/operator.log" 2>&1 &
  operator_pid=$!
  ready() { kill -0 "$operator_pid" || fail "the operator exited"; curl -fsS "http://127.0.0.1:${http_port}/readyz"; }
  wait_for "$TIMEOUT" "the operator to be ready" ready
  say "running as pid $operator_pid, logs in $work/operator.log"
  say "$(grep -m1 'AWS identity' "$work/operator.log" | sed 's/^.*\] //')"
  say "health and metrics: http://127.0.0.1:${http_port}/healthz /readyz /metrics"
fi

revision_is() {
  [[ "$(k -n "$NAMESPACE" get deployment api \
    -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision}')" == "$1" ]]
}

app_image=registry.example.com/payments/api:1.0 app_pull=IfNotPresent
[[ -z "$pods" ]] || app_image=localhost/dbsecrets-printenv:dev app_pull=Never
step "Deploy the app 'api', which reads its credentials from the Secret 'momentum-db'"
k apply -f - <<EOF | sed 's/^/   /'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: $NAMESPACE
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: $app_image
          imagePullPolicy: $app_pull
          envFrom: [{secretRef: {name: momentum-db}}]
EOF

step "Apply an ExternalDbSecret: sync '$AWS_SECRET' every 5s, restart 'api' when it changes"
edbs="$(cat <<EOF
apiVersion: dbsecrets.io/v1alpha1
kind: ExternalDbSecret
metadata:
  name: momentum-db
  namespace: $NAMESPACE
spec:
  secretId: $AWS_SECRET
  refreshInterval: 5s
  data:
    - {key: DB_USER, property: username}
    - {key: DB_PASSWORD, property: password}
  template:
    DB_URL: "jdbc:postgresql://{{ host }}:{{ port }}/{{ dbname }}?user={{ username }}&password={{ password | urlencode }}"
  rollout:
    targets: [{kind: Deployment, name: api}]
EOF
)"
sed 's/^/   | /' <<<"$edbs"
k apply -f - <<<"$edbs" | sed 's/^/   /'
k -n "$NAMESPACE" wait --for=condition=Ready --timeout="${TIMEOUT}s" edbs/momentum-db >/dev/null \
  || fail "the ExternalDbSecret did not become Ready: $(k -n "$NAMESPACE" get edbs momentum-db \
       -o jsonpath='{.status.conditions[?(@.type=="Ready")].message}')"

step "The operator synced it: kubectl get edbs, and the Secret's keys (never its values)"
k -n "$NAMESPACE" get edbs | sed 's/^/   /'
say "keys of Secret momentum-db:"
k -n "$NAMESPACE" get secret momentum-db -o go-template='{{range $key, $_ := .data}}     {{$key}}{{"\n"}}{{end}}'
wait_for "$TIMEOUT" "the first ReplicaSet of api" revision_is 1
say "Deployment api is at revision 1"
# running_pod: the name of api's one Running pod that is not being deleted
running_pod() {
  k -n "$NAMESPACE" get pods -l app=api -o go-template='{{range .items}}{{if and (eq .status.phase "Running") (not .metadata.deletionTimestamp)}}{{.metadata.name}}{{"\n"}}{{end}}{{end}}'
}
# password_seen POD: a fingerprint of the DB_PASSWORD the pod started with (the value itself is never shown)
password_seen() { k -n "$NAMESPACE" logs "$1" | sed -n 's/^DB_PASSWORD=//p' | sha256sum | cut -c1-8; }
pod_running() { [[ -n "$(running_pod)" ]] && [[ -n "$(k -n "$NAMESPACE" logs "$(running_pod)" 2>/dev/null)" ]]; }
if [[ -n "$pods" ]]; then
  wait_for "$TIMEOUT" "api's pod to run" pod_running
  old_pod="$(running_pod)"
  old_seen="$(password_seen "$old_pod")"
  k -n "$NAMESPACE" get pods -l app=api -o wide | sed 's/^/   /'
  say "pod $old_pod started with DB_USER, DB_PASSWORD, DB_URL from the Secret (DB_PASSWORD fingerprint $old_seen)"
fi

step "The namespace policy at work: a resource naming another team's secret is refused"
k apply -f - <<EOF | sed 's/^/   /'
apiVersion: dbsecrets.io/v1alpha1
kind: ExternalDbSecret
metadata: {name: not-ours, namespace: $NAMESPACE}
spec: {secretId: demo/other-team/db}
EOF
denied() {
  [[ "$(k -n "$NAMESPACE" get edbs not-ours -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}')" == PolicyDenied ]]
}
wait_for "$TIMEOUT" "the policy to deny not-ours" denied
say "Ready=False, PolicyDenied: $(k -n "$NAMESPACE" get edbs not-ours \
  -o jsonpath='{.status.conditions[?(@.type=="Ready")].message}')"
k -n "$NAMESPACE" delete edbs not-ours | sed 's/^/   /'

step "Rotate the password in Secrets Manager (put-secret-value)"
new_version="$(aws_sm put "$AWS_SECRET" "$(rds_json "$(openssl rand -hex 12)")")" || fail "could not rotate the secret"
say "new version $new_version; the operator picks it up on its next refresh (within ~5s)"
synced_version() {
  [[ "$(k -n "$NAMESPACE" get edbs momentum-db -o jsonpath='{.status.syncedVersionId}')" == "$new_version" ]]
}
wait_for "$TIMEOUT" "the operator to sync version $new_version" synced_version
k -n "$NAMESPACE" get edbs | sed 's/^/   /'

step "The rotation restarted 'api': a new pod template, so a new ReplicaSet revision"
if ! eventually "$TIMEOUT" revision_is 2; then
  fail "Deployment api was not rolled out within ${TIMEOUT}s; the ExternalDbSecret's RolloutRestart condition says: \
$(k -n "$NAMESPACE" get edbs momentum-db -o jsonpath='{.status.conditions[?(@.type=="RolloutRestart")].message}')"
fi
k -n "$NAMESPACE" rollout history deployment/api | sed 's/^/   /'
k -n "$NAMESPACE" get replicasets -l app=api | sed 's/^/   /'
if [[ -n "$pods" ]]; then
  new_pod_running() { pod_running && [[ "$(running_pod)" != "$old_pod" ]]; }
  wait_for "$TIMEOUT" "a new pod of api to replace $old_pod" new_pod_running
  say "pods of api while the rollout finishes:"
  k -n "$NAMESPACE" get pods -l app=api -o wide | sed 's/^/   /'
  old_gone() { ! k -n "$NAMESPACE" get pod "$old_pod" >/dev/null 2>&1; }
  wait_for "$TIMEOUT" "the old pod $old_pod to go" old_gone
  new_pod="$(running_pod)"
  new_seen="$(password_seen "$new_pod")"
  [[ "$new_seen" != "$old_seen" ]] || fail "the new pod $new_pod started with the old password"
  say "$old_pod is gone; $new_pod started with the rotated DB_PASSWORD (fingerprint $old_seen -> $new_seen)"
fi
say "pod template annotations set by the operator:"
k -n "$NAMESPACE" get deployment api -o go-template='{{range $k, $v := .spec.template.metadata.annotations}}     {{$k}}={{$v}}{{"\n"}}{{end}}'
say "events on the ExternalDbSecret:"
k -n "$NAMESPACE" get events --field-selector involvedObject.name=momentum-db \
  --sort-by=.lastTimestamp -o custom-columns=TYPE:.type,REASON:.reason,MESSAGE:.message | sed 's/^/     /'

step "Event-driven sync: refresh only hourly now, rotate again, and the event brings it within seconds"
k -n "$NAMESPACE" patch edbs momentum-db --type merge -p '{"spec":{"refreshInterval":"1h"}}' | sed 's/^/   /'
hourly() { [[ "$(k -n "$NAMESPACE" get edbs momentum-db -o jsonpath='{.status.lastSyncTrigger}')" == spec ]]; }
wait_for "$TIMEOUT" "the spec change to sync" hourly
event_version="$(aws_sm put "$AWS_SECRET" "$(rds_json "$(openssl rand -hex 12)")")" || fail "could not rotate the secret"
started=$(date +%s%N)
label_updated "$AWS_SECRET" "$event_version" || fail "could not put the event on EventBridge"
say "new version $event_version; Secrets Manager's 'Secret Label Updated' event is on the queue"
event_synced() {
  [[ "$(k -n "$NAMESPACE" get edbs momentum-db -o jsonpath='{.status.syncedVersionId}')" == "$event_version" ]]
}
wait_for 30 "the event to sync version $event_version" event_synced
say "synced $(( ($(date +%s%N) - started) / 1000000 )) ms after the event, with the next poll an hour away:"
k -n "$NAMESPACE" get edbs momentum-db | sed 's/^/   /'
if [[ -z "$pods" ]]; then
  say "event metrics:"
  curl -fsS "http://127.0.0.1:${http_port}/metrics" | grep -E '^dbsecrets_events_total|^dbsecrets_event_to_secret_seconds_(count|sum)' \
    | sed 's/^/     /'
fi
