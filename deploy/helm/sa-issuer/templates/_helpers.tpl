{{/* Names and labels, as `helm create` makes them. */}}
{{- define "sa-issuer.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sa-issuer.fullname" -}}
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

{{- define "sa-issuer.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sa-issuer.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sa-issuer.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sa-issuer.labels" -}}
helm.sh/chart: {{ include "sa-issuer.chart" . }}
{{ include "sa-issuer.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: {{ .Values.mode }}
{{- end }}

{{- define "sa-issuer.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sa-issuer.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "sa-issuer.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Every rule a mode has; each failure is one line naming the value. Included by every template. */}}
{{- define "sa-issuer.validate" -}}
{{- $v := .Values }}
{{- if not (has $v.mode (list "mirror" "controlPlane" "publish")) }}
{{- fail (printf "mode must be mirror, controlPlane or publish, not %q" $v.mode) }}
{{- end }}
{{- if and (ne $v.mode "mirror") (not $v.issuer) }}
{{- fail (printf "issuer is required in mode %s: set issuer to the first --service-account-issuer of kube-apiserver (mirror mode alone takes it from the upstream)" $v.mode) }}
{{- end }}
{{- if and (eq $v.mode "publish") (not $v.publish.to) }}
{{- fail "publish.to is required in mode publish: s3://BUCKET[/PREFIX] or azblob://CONTAINER[/PREFIX]" }}
{{- end }}
{{- if and $v.metrics.serviceMonitor.enabled (not $v.metrics.enabled) }}
{{- fail "metrics.serviceMonitor.enabled needs metrics.enabled: the admin listener is on the pod's loopback otherwise" }}
{{- end }}
{{- if and (or $v.ingress.enabled $v.httpRoute.enabled) (ne $v.mode "mirror") }}
{{- fail (printf "ingress and httpRoute are for mode mirror, not %s" $v.mode) }}
{{- end }}
{{- if and $v.ingress.enabled (not $v.ingress.host) }}
{{- fail "ingress.host is required when ingress.enabled is true" }}
{{- end }}
{{- if and $v.httpRoute.enabled (not $v.httpRoute.parentRefs) }}
{{- fail "httpRoute.parentRefs is required when httpRoute.enabled is true: the Gateway to attach to" }}
{{- end }}
{{- if and $v.tls.certManager.enabled $v.tls.existingSecret }}
{{- fail "tls.existingSecret and tls.certManager.enabled exclude each other: give one" }}
{{- end }}
{{- if and $v.tls.certManager.enabled (not $v.tls.certManager.issuerRef.name) }}
{{- fail "tls.certManager.issuerRef.name is required when tls.certManager.enabled is true" }}
{{- end }}
{{- if and $v.stateDir.persistentVolumeClaim.enabled (gt (int $v.replicaCount) 1) }}
{{- fail "stateDir.persistentVolumeClaim is for replicaCount 1: replicas would share one timeline file (use the emptyDir, one timeline per pod)" }}
{{- end }}
{{- if and (eq $v.mode "publish") $v.metrics.enabled (not $v.publish.watch) }}
{{- fail "metrics.enabled in mode publish needs publish.watch: a CronJob run has no listener to scrape" }}
{{- end }}
{{- if and (eq $v.mode "publish") $v.publish.oauthMetadata $v.issuer $v.publish.to }}
{{- /* sa-issuer publish --oauth-metadata's rule (RFC 8414, section 3), checked at install time too. */}}
{{- $prefix := regexReplaceAll "/+$" (regexReplaceAll "^[^:]*://[^/]*/?" $v.publish.to "") "" }}
{{- $path := regexReplaceAll "/$" (urlParse $v.issuer).path "" }}
{{- $expected := ternary "" (printf "/%s" $prefix) (eq $prefix "") }}
{{- if ne $path $expected }}
{{- fail (printf "publish.oauthMetadata needs the issuer's path to be %q, the prefix of publish.to, not %q: the RFC 8414 document is at the root of the issuer's host, which only a bucket served at that root holds (issuer https://HOST%s)" $expected $path $expected) }}
{{- end }}
{{- end }}
{{- if and (eq $v.mode "publish") (gt (int $v.replicaCount) 1) }}
{{- fail "replicaCount must be 1 in mode publish: one publisher per prefix" }}
{{- end }}
{{- if and $v.networkPolicy.enabled (eq $v.mode "controlPlane") }}
{{- fail "networkPolicy does not apply to mode controlPlane: its pods use the host network; use the nodes' firewall" }}
{{- end }}
{{- end }}

{{/* "true" when the public listener serves TLS from a Secret (existing or cert-manager's). */}}
{{- define "sa-issuer.tlsFromSecret" -}}
{{- if or .Values.tls.existingSecret .Values.tls.certManager.enabled }}true{{ end }}
{{- end }}

{{/* "true" when the public listener serves TLS at all (controlPlane reads the node's files otherwise). */}}
{{- define "sa-issuer.tls" -}}
{{- if or (include "sa-issuer.tlsFromSecret" .) (eq .Values.mode "controlPlane") }}true{{ end }}
{{- end }}

{{- define "sa-issuer.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "sa-issuer.fullname" .)) .Values.tls.existingSecret }}
{{- end }}

{{- define "sa-issuer.tlsDir" -}}
{{- if eq .Values.mode "controlPlane" }}{{ .Values.controlPlane.tlsHostPath }}{{ else }}/etc/sa-issuer/tls{{ end }}
{{- end }}

{{- define "sa-issuer.port" -}}
{{- if eq .Values.mode "controlPlane" }}{{ .Values.controlPlane.port }}{{ else if include "sa-issuer.tls" . }}8443{{ else }}8080{{ end }}
{{- end }}

{{- define "sa-issuer.scheme" -}}
{{- if include "sa-issuer.tls" . }}HTTPS{{ else }}HTTP{{ end }}
{{- end }}

{{- define "sa-issuer.servicePort" -}}
{{- if .Values.service.port }}{{ .Values.service.port }}{{ else if include "sa-issuer.tls" . }}443{{ else }}80{{ end }}
{{- end }}

{{- define "sa-issuer.metricsPort" -}}
{{- if eq .Values.mode "controlPlane" }}{{ .Values.controlPlane.metricsPort }}{{ else }}{{ .Values.metrics.port }}{{ end }}
{{- end }}

{{/* Loopback unless metrics are enabled; publish --watch always listens: its probes use the admin port. */}}
{{- define "sa-issuer.metricsBindAddress" -}}
{{- $all := or .Values.metrics.enabled (eq .Values.mode "publish") }}
{{- printf "%s:%s" (ternary "0.0.0.0" "127.0.0.1" $all) (include "sa-issuer.metricsPort" .) }}
{{- end }}

{{/* The in-cluster URL of the Service, as relying parties in the cluster use it. */}}
{{- define "sa-issuer.serviceUrl" -}}
{{- $port := include "sa-issuer.servicePort" . }}
{{- $scheme := ternary "https" "http" (eq (include "sa-issuer.tls" .) "true") }}
{{- $default := ternary "443" "80" (eq $scheme "https") }}
{{- printf "%s://%s.%s.svc%s" $scheme (include "sa-issuer.fullname" .) .Release.Namespace (ternary "" (printf ":%s" $port) (eq $port $default)) }}
{{- end }}

{{/* The jwks_uri to publish, or nothing for the server's default (issuer + /openid/v1/jwks). */}}
{{- define "sa-issuer.jwksUri" -}}
{{- if .Values.jwksUri }}
{{- .Values.jwksUri }}
{{- else if eq .Values.mode "controlPlane" }}
{{- printf "%s/openid/v1/jwks" (trimSuffix "/" .Values.issuer) }}
{{- else if and (eq .Values.mode "mirror") (include "sa-issuer.tls" .) (not .Values.ingress.enabled) (not .Values.httpRoute.enabled) }}
{{- printf "%s/openid/v1/jwks" (include "sa-issuer.serviceUrl" .) }}
{{- end }}
{{- end }}

{{/* The issuer flags shared by serve and publish. */}}
{{- define "sa-issuer.issuerArgs" -}}
{{- if .Values.issuer }}
- {{ printf "--service-account-issuer=%s" .Values.issuer | quote }}
{{- end }}
{{- with include "sa-issuer.jwksUri" . }}
- {{ printf "--service-account-jwks-uri=%s" . | quote }}
{{- end }}
{{- end }}

{{/* The upstream key source: kube-apiserver's endpoints read with the projected token. */}}
{{- define "sa-issuer.upstreamArgs" -}}
- {{ printf "--upstream-url=%s" .Values.upstream.url | quote }}
- "--upstream-token-file=/var/run/secrets/sa-issuer/upstream/token"
- "--upstream-ca-file=/var/run/secrets/sa-issuer/upstream/ca.crt"
{{- end }}

{{/* The timeline flags, shared by serve and publish. */}}
{{- define "sa-issuer.timelineArgs" -}}
- {{ printf "--key-retention=%s" .Values.keyRetention | quote }}
- {{ printf "--cache-max-age=%s" .Values.cacheMaxAge | quote }}
{{- with .Values.keyPollInterval }}
- {{ printf "--key-poll-interval=%s" . | quote }}
{{- end }}
{{- with .Values.logFormat }}
- {{ printf "--log-format=%s" . | quote }}
{{- end }}
{{- end }}

{{/* The listener flags of serve. */}}
{{- define "sa-issuer.listenerArgs" -}}
{{- if include "sa-issuer.tls" . }}
- {{ printf "--tls-cert-file=%s/tls.crt" (include "sa-issuer.tlsDir" .) | quote }}
- {{ printf "--tls-private-key-file=%s/tls.key" (include "sa-issuer.tlsDir" .) | quote }}
{{- end }}
- "--bind-address=0.0.0.0"
- {{ printf "--port=%s" (include "sa-issuer.port" .) | quote }}
- {{ printf "--metrics-bind-address=%s" (include "sa-issuer.metricsBindAddress" .) | quote }}
{{- end }}

{{/* The static pod's pod-level hardening (deploy/kubeadm/sa-issuer.yaml). */}}
{{- define "sa-issuer.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The static pod's container hardening. */}}
{{- define "sa-issuer.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
{{- end }}

{{/* The static pod's probes, on the given port and scheme: (list port scheme). */}}
{{- define "sa-issuer.probes" -}}
{{- $port := index . 0 }}
{{- $scheme := index . 1 -}}
startupProbe:
  httpGet:
    path: /healthz
    port: {{ $port }}
    scheme: {{ $scheme }}
  periodSeconds: 1
  failureThreshold: 30
  timeoutSeconds: 2
livenessProbe:
  httpGet:
    path: /healthz
    port: {{ $port }}
    scheme: {{ $scheme }}
  periodSeconds: 10
  failureThreshold: 3
  timeoutSeconds: 5
readinessProbe:
  httpGet:
    path: /readyz
    port: {{ $port }}
    scheme: {{ $scheme }}
  periodSeconds: 5
  failureThreshold: 3
  timeoutSeconds: 5
{{- end }}

{{/* Volumes of the mirror and publish pods: the projected upstream token, TLS, state and /tmp. */}}
{{- define "sa-issuer.upstreamTokenVolume" -}}
- name: upstream-token
  projected:
    defaultMode: 0440
    sources:
      - serviceAccountToken:
          path: token
          expirationSeconds: {{ .Values.upstream.tokenExpirationSeconds }}
      - configMap:
          name: kube-root-ca.crt
          items:
            - key: ca.crt
              path: ca.crt
{{- end }}

{{- define "sa-issuer.tmpVolume" -}}
- name: tmp
  emptyDir:
    medium: Memory
    sizeLimit: 16Mi
{{- end }}
