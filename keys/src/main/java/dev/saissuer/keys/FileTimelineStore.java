package dev.saissuer.keys;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Keeps the key timeline in {@code timeline.json} under {@code --state-dir}, so that a restart in the middle of
 * a rotation keeps retained keys published. Replaced atomically; the directory is kept 0700 (also when it
 * already existed) and the file 0600, although it holds public data only.
 */
public final class FileTimelineStore implements TimelineStore {
    public static final String FILE_NAME = "timeline.json";

    private final Path file;
    /** The directory's mode is enforced on the first save only: later a failing save must show, not be undone. */
    private boolean directoryChecked;

    public FileTimelineStore(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    /** About a thousand keys (an RSA 4096 entry is about 1 KiB): far beyond any real rotation, small for the heap. */
    public static final long MAX_STATE_BYTES = 1 << 20;

    @Override
    public State load() {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return State.EMPTY;
        }
        return TimelineCodec.decode(KeyFiles.readBytes(file, MAX_STATE_BYTES, "a state file"), file.toString());
    }

    @Override
    public void save(List<KeyTimeline.Entry> entries, Duration retention) throws IOException {
        if (directoryChecked) {
            SecureFiles.createDirectories(file.getParent(), SecureFiles.PRIVATE_DIR);
        } else {
            try {
                SecureFiles.ensureDirectory(file.getParent(), SecureFiles.PRIVATE_DIR);
            } catch (FileSystemException e) {
                // A directory another user owns (a volume prepared for us) cannot be chmod-ed: it holds public
                // data only, so saving into it is still right.
                SecureFiles.createDirectories(file.getParent(), SecureFiles.PRIVATE_DIR);
            }
            directoryChecked = true;
        }
        SecureFiles.replace(file, TimelineCodec.encode(entries, retention), SecureFiles.PRIVATE);
    }
}
