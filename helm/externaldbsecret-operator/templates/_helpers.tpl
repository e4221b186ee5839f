{{/* Chart name, overridable. */}}
{{- define "edbs.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name: the release name, plus the chart name unless it already contains it. */}}
{{- define "edbs.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "edbs.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "edbs.selectorLabels" -}}
app.kubernetes.io/name: {{ include "edbs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "edbs.labels" -}}
helm.sh/chart: {{ include "edbs.chart" . }}
{{ include "edbs.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: externaldbsecret-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "edbs.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "edbs.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image by digest when one is given (immutable), else by tag. */}}
{{- define "edbs.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The Prometheus job of the operator's series: the monitors set it, the alert rules select by it. */}}
{{- define "edbs.metricsJob" -}}
{{- include "edbs.fullname" . }}
{{- end }}

{{/* Leader election is on with more than one replica, or when asked for. Renders "true" or "false". */}}
{{- define "edbs.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{- define "edbs.leaseName" -}}
{{- default (include "edbs.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
The rules the operator needs on the namespaces it watches: exactly the API calls it makes.
Secrets are watched by label selector, which RBAC cannot express, so list/watch cover all Secrets.
*/}}
{{- define "edbs.watchRules" -}}
- apiGroups: ["dbsecrets.io"]
  resources: ["externaldbsecrets"]
  {{- if gt (int .Values.shards) 1 }}
  # patch: the shard-key label each shard puts on the resources of its buckets
  verbs: ["get", "list", "watch", "patch"]
  {{- else }}
  verbs: ["get", "list", "watch"]
  {{- end }}
- apiGroups: ["dbsecrets.io"]
  resources: ["externaldbsecrets/status"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "update", "get"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets", "daemonsets"]
  verbs: ["get", "list", "patch"]
- apiGroups: ["argoproj.io"]
  resources: ["rollouts"]
  verbs: ["get", "list", "patch"]
{{- end }}

{{/* Reading Namespace annotations is needed only to enforce the namespace policy. */}}
{{- define "edbs.namespaceRules" -}}
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["list", "watch"]
{{- end }}
