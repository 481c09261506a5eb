{{/* Chart name, truncated to a DNS label. */}}
{{- define "egressfed-hub.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; also the StatefulSet's name, so pods are <fullname>-0, -1, ... */}}
{{- define "egressfed-hub.fullname" -}}
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

{{- define "egressfed-hub.headless" -}}
{{ include "egressfed-hub.fullname" . }}-peers
{{- end }}

{{- define "egressfed-hub.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "egressfed-hub.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: egressfed
{{- end }}

{{- define "egressfed-hub.selectorLabels" -}}
app.kubernetes.io/name: {{ include "egressfed-hub.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "egressfed-hub.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "egressfed-hub.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "egressfed-hub.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "egressfed-hub.signingKeySecret" -}}
{{ .Values.signingKey.existingSecret | default (printf "%s-signing-key" (include "egressfed-hub.fullname" .)) }}
{{- end }}

{{- define "egressfed-hub.caSecret" -}}
{{ .Values.ca.existingSecret | default (printf "%s-ca" (include "egressfed-hub.fullname" .)) }}
{{- end }}

{{- define "egressfed-hub.adminTokenSecret" -}}
{{ .Values.adminToken.existingSecret | default (printf "%s-admin-token" (include "egressfed-hub.fullname" .)) }}
{{- end }}

{{/* The in-cluster DNS name of the spoke-link Service. */}}
{{- define "egressfed-hub.serviceHost" -}}
{{ include "egressfed-hub.fullname" . }}.{{ .Release.Namespace }}.svc
{{- end }}
