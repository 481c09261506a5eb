{{- define "egressfed-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "egressfed-agent.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "egressfed-agent.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "egressfed-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: egressfed
{{- end }}

{{- define "egressfed-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "egressfed-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "egressfed-agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "egressfed-agent.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "egressfed-agent.leaseName" -}}
{{ .Values.leaderElection.leaseName | default (include "egressfed-agent.fullname" .) }}
{{- end }}

{{- define "egressfed-agent.credentialsSecret" -}}
{{ .Values.credentialsSecret | default (printf "%s-credentials" (include "egressfed-agent.fullname" .)) }}
{{- end }}

{{- define "egressfed-agent.tokenSecret" -}}
{{ .Values.bootstrapTokenSecret.name | default (printf "%s-bootstrap" (include "egressfed-agent.fullname" .)) }}
{{- end }}

{{- define "egressfed-agent.hasToken" -}}
{{- if or .Values.bootstrapToken .Values.bootstrapTokenSecret.name }}true{{ end }}
{{- end }}

{{/* The values without which the agent cannot start, as a list of missing names. */}}
{{- define "egressfed-agent.missing" -}}
{{- $missing := list }}
{{- if not .Values.clusterName }}{{ $missing = append $missing "clusterName" }}{{ end }}
{{- if not .Values.hub.address }}{{ $missing = append $missing "hub.address" }}{{ end }}
{{- if not .Values.hub.caSha256 }}{{ $missing = append $missing "hub.caSha256" }}{{ end }}
{{- if not .Values.hub.signingKeySha256 }}{{ $missing = append $missing "hub.signingKeySha256" }}{{ end }}
{{- join ", " $missing }}
{{- end }}

{{- define "egressfed-agent.usesCilium" -}}
{{- if has .Values.backend (list "cilium" "cilium-vip") }}true{{ end }}
{{- end }}

{{- define "egressfed-agent.usesKubeVip" -}}
{{- if has .Values.backend (list "kube-vip" "cilium-vip") }}true{{ end }}
{{- end }}
