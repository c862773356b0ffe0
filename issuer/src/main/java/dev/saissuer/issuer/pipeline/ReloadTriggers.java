package dev.saissuer.issuer.pipeline;

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
 * Triggers reloads: on file events in the directories that hold the watched files (a Secret or ConfigMap volume
 * swaps its {@code ..data} symlink, which shows as events in the mount directory), on a periodic poll as a
 * fallback where events are unreliable, and on demand (SIGHUP). Bursts of events coalesce into one reload a
 * short moment later, so a file being written is read once it is complete. Every reload action runs on one
 * thread, and nothing an action throws stops the poll.
 */
public final class ReloadTriggers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadTriggers.class);
    private static final Duration SETTLE = Duration.ofMillis(100);

    private final List<Runnable> reloads;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final WatchService watchService;
    private final Thread watchThread;

    /** Opens the watch service; the file system's in production, one that fails in tests (as inotify limits do). */
    @FunctionalInterface
    interface WatchServices {
        WatchService open() throws IOException;
    }

    /** Watches {@code paths} (files or directories), polls every {@code pollInterval} and runs {@code reloads}. */
    public ReloadTriggers(List<Path> paths, Duration pollInterval, List<Runnable> reloads) {
        this(paths, pollInterval, reloads, () -> FileSystems.getDefault().newWatchService());
    }

    ReloadTriggers(List<Path> paths, Duration pollInterval, List<Runnable> reloads, WatchServices watchServices) {
        this.reloads = List.copyOf(reloads);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sa-issuer-reload"));
        this.watchService = watch(paths, watchServices);
        this.watchThread = watchService == null ? null : daemon(this::takeEvents, "sa-issuer-watch");
        long poll = pollInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runReloads, poll, poll, TimeUnit.MILLISECONDS);
        if (watchThread != null) {
            watchThread.start();
        }
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
            } catch (RuntimeException | StackOverflowError e) {
                // A scheduled task that throws is never run again: the poll must outlive any one failure.
                LOG.error("reload failed unexpectedly; keeping what is published", e);
            }
        }
    }

    /** A watch service on the directories of {@code paths}, or null (polling only) when one cannot be had. */
    private static WatchService watch(List<Path> paths, WatchServices watchServices) {
        Set<Path> dirs = directoriesOf(paths);
        if (dirs.isEmpty()) {
            return null;
        }
        WatchService service = null;
        try {
            service = watchServices.open();
            for (Path dir : dirs) {
                dir.register(
                        service,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
            return service;
        } catch (IOException | RuntimeException e) {
            // inotify limits (max_user_instances, max_user_watches) are per user and often low on busy nodes.
            LOG.warn("cannot watch {} for changes ({}); relying on the poll alone", dirs, e.toString());
            close(service);
            return null;
        }
    }

    private void takeEvents() {
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

    private static void close(WatchService service) {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service", e);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        close(watchService);
        if (watchThread != null) {
            watchThread.interrupt();
        }
    }
}
