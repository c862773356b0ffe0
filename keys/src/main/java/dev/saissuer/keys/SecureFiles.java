package dev.saissuer.keys;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes files with explicit permissions, atomically where a reader may be looking. */
public final class SecureFiles {
    public static final String PRIVATE = "rw-------";
    public static final String PUBLIC = "rw-r--r--";
    public static final String PUBLIC_DIR = "rwxr-xr-x";
    public static final String PRIVATE_DIR = "rwx------";

    private SecureFiles() {}

    /** Creates a new file; refuses to overwrite. */
    public static void createNew(Path file, byte[] content, String permissions) {
        try {
            Files.write(
                    Files.createFile(
                            file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))),
                    content,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException(file + ": already exists (remove it first, or choose another --out)", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Replaces a file atomically: readers see the old content or the new, never a part. */
    public static void replace(Path file, byte[] content, String permissions) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(
                parent,
                "." + file.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        try {
            Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates a directory and its parents, each new one with the given permissions. */
    public static void createDirectories(Path dir, String permissions) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (absolute.getParent() != null) {
            createDirectories(absolute.getParent(), permissions);
        }
        Files.createDirectory(
                absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
    }

    /**
     * Creates the directory as {@link #createDirectories} does, and if it already existed with other
     * permissions (made by hand, or by an older version), sets them: a directory we write our state into is ours.
     */
    public static void ensureDirectory(Path dir, String permissions) throws IOException {
        createDirectories(dir, permissions);
        Set<PosixFilePermission> wanted = PosixFilePermissions.fromString(permissions);
        if (!Files.getPosixFilePermissions(dir).equals(wanted)) {
            Files.setPosixFilePermissions(dir, wanted);
        }
    }
}
