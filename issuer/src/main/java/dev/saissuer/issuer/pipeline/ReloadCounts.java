package dev.saissuer.issuer.pipeline;

/** How many reloads ended which way since the process started, for metrics. */
public record ReloadCounts(long changed, long unchanged, long failed) {
    static final ReloadCounts NONE = new ReloadCounts(0, 0, 0);

    ReloadCounts plus(Reloader.Result result) {
        return switch (result) {
            case CHANGED -> new ReloadCounts(changed + 1, unchanged, failed);
            case UNCHANGED -> new ReloadCounts(changed, unchanged + 1, failed);
            case FAILED -> new ReloadCounts(changed, unchanged, failed + 1);
        };
    }
}
