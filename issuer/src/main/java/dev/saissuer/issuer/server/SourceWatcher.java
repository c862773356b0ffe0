package dev.saissuer.issuer.server;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triggers reloads: on file events in the directories that hold the sources (a Secret or ConfigMap volume
 * swaps its {@code ..data} symlink, which shows as events in the mount directory), on a periodic rescan as a
 * fallback where events are unreliable, and on demand (SIGHUP). Bursts of events coalesce into one reload a
 * short moment later, so a file being written is read once it is complete.
 */
public final class SourceWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceWatcher.class);
    private static final Duration SETTLE = Duration.ofMillis(100);

    private final List<Runnable> reloads;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final WatchService watchService;
    private final Thread watchThread;

    /** Watches {@code paths} (files or directories) and runs every reload action on one thread. */
    public SourceWatcher(List<Path> paths, Duration pollInterval, List<Runnable> reloads) throws IOException {
        this.reloads = List.copyOf(reloads);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sa-issuer-reload"));
        this.watchService = FileSystems.getDefault().newWatchService();
        for (Path dir : directoriesOf(paths)) {
            dir.register(
                    watchService,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
        this.watchThread = daemon(this::watch, "sa-issuer-watch");
        long poll = Math.max(pollInterval.toMillis(), 100);
        scheduler.scheduleWithFixedDelay(this::runReloads, poll, poll, TimeUnit.MILLISECONDS);
        watchThread.start();
    }

    /** Asks for a reload soon; requests made while one is pending are merged into it. */
    public void requestReload() {
        if (pending.compareAndSet(false, true)) {
            scheduler.schedule(this::runReloads, SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void runReloads() {
        pending.set(false);
        for (Runnable reload : reloads) {
            try {
                reload.run();
            } catch (RuntimeException e) {
                LOG.error("reload failed unexpectedly; keeping what is published", e);
            }
        }
    }

    private void watch() {
        try {
            while (true) {
                var key = watchService.take();
                key.pollEvents();
                key.reset();
                requestReload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<Path> directoriesOf(List<Path> paths) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path path : paths) {
            Path absolute = path.toAbsolutePath();
            Path dir = Files.isDirectory(absolute) ? absolute : absolute.getParent();
            if (dir != null && Files.isDirectory(dir)) {
                dirs.add(dir);
            }
        }
        return dirs;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        }
        watchThread.interrupt();
    }
}
