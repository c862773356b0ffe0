package dev.saissuer.issuer.cli;

/** Every default of the CLI in one place, written as the flags take them (kube-apiserver's duration syntax). */
final class Defaults {
    /** kube-apiserver sends max-age=3600 on both documents. */
    static final String CACHE_MAX_AGE = "1h";
    /** Kubelet refreshes projected tokens well within a day; longer-lived tokens need a longer window. */
    static final String KEY_RETENTION = "24h";

    static final String KEY_POLL_INTERVAL = "5s";
    static final String BIND_ADDRESS = "0.0.0.0";
    static final String PORT = "8080";
    static final String METRICS_BIND_ADDRESS = "127.0.0.1:9090";
    static final String HTTP_IDLE_TIMEOUT = "30s";
    /** A request head is at most 8 KiB: any client not trickling it on purpose sends it in well under a second. */
    static final String HTTP_REQUEST_HEAD_TIMEOUT = "10s";
    /** Bounds what idle connections can hold of the image's 64 MiB heap; more wait in the accept queue. */
    static final String HTTP_MAX_CONNECTIONS = "1024";

    /** Where kubelet mounts a pod's service-account token and the cluster CA (client-go's in-cluster config). */
    static final String IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    static final String IN_CLUSTER_CA = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

    private Defaults() {}
}
