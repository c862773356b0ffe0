{{/* The pod of mode publish, run by the CronJob or (publish.watch) the Deployment. */}}
{{- define "sa-issuer.publishPodSpec" -}}
serviceAccountName: {{ include "sa-issuer.serviceAccountName" . }}
# The one token the pod needs is projected below; cloud identity webhooks (IRSA, Azure workload identity)
# project their own.
automountServiceAccountToken: false
enableServiceLinks: false
{{- if not .Values.publish.watch }}
restartPolicy: Never
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- include "sa-issuer.podSecurityContext" . | trim | nindent 2 }}
  fsGroup: 65532
containers:
  - name: sa-issuer
    image: {{ include "sa-issuer.image" . }}
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    args:
      - publish
      - {{ printf "--to=%s" .Values.publish.to | quote }}
      {{- with .Values.publish.endpoint }}
      - {{ printf "--endpoint=%s" . | quote }}
      {{- end }}
      {{- with .Values.publish.region }}
      - {{ printf "--region=%s" . | quote }}
      {{- end }}
      {{- if .Values.publish.oauthMetadata }}
      - "--oauth-metadata"
      {{- end }}
      {{- with include "sa-issuer.issuerArgs" . }}{{ . | trim | nindent 6 }}{{ end }}
      {{- include "sa-issuer.upstreamArgs" . | trim | nindent 6 }}
      {{- include "sa-issuer.timelineArgs" . | trim | nindent 6 }}
      {{- if .Values.publish.watch }}
      - "--watch"
      - {{ printf "--metrics-bind-address=%s" (include "sa-issuer.metricsBindAddress" .) | quote }}
      {{- end }}
    {{- with .Values.publish.env }}
    env:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with .Values.publish.envFrom }}
    envFrom:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- if .Values.publish.watch }}
    ports:
      - name: metrics
        containerPort: {{ .Values.metrics.port }}
        protocol: TCP
    {{- include "sa-issuer.probes" (list .Values.metrics.port "HTTP") | trim | nindent 4 }}
    {{- end }}
    resources:
      {{- toYaml .Values.resources | nindent 6 }}
    securityContext:
      {{- include "sa-issuer.containerSecurityContext" . | trim | nindent 6 }}
    volumeMounts:
      - name: upstream-token
        mountPath: /var/run/secrets/sa-issuer/upstream
        readOnly: true
      - name: tmp
        mountPath: /tmp
volumes:
  {{- include "sa-issuer.upstreamTokenVolume" . | trim | nindent 2 }}
  {{- include "sa-issuer.tmpVolume" . | trim | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
