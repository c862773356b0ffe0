package dev.saissuer.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads key sources as kube-apiserver's {@code --service-account-key-file} does, plus directories: a file, or
 * every regular file of a directory in name order. Entries whose names start with a dot are skipped, which
 * covers hidden files and the {@code ..data} / {@code ..2024_01_01...} entries of Kubernetes Secret and
 * ConfigMap volumes; the visible names there are symlinks through {@code ..data}, and are followed.
 */
public final class KeyFiles {
    /** Key files are a few kilobytes; refusing large ones bounds memory when a path is wrong. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private KeyFiles() {}

    /** Public keys of one source (file or directory); private keys are reduced to their public half here. */
    public static List<LoadedKey> readPublicKeys(Path source) {
        return readPublicKeys(source, warning -> {});
    }

    /**
     * Public keys of one source, telling {@code warnings} of each file that holds a private key yet is readable
     * by group or others: the keys still load (kube-apiserver reads such files too), but the operator should know.
     */
    public static List<LoadedKey> readPublicKeys(Path source, Consumer<String> warnings) {
        List<LoadedKey> keys = new ArrayList<>();
        for (Path file : filesOf(source)) {
            boolean holdsPrivateKey = false;
            for (PemBlocks.KeyBlock block : PemBlocks.decode(file.toString(), readText(file))) {
                keys.add(PublicKeys.check(block.publicInfo(), block.origin()));
                holdsPrivateKey |= block.privateInfo() != null;
            }
            if (holdsPrivateKey && readableByOthers(file)) {
                warnings.accept(file + ": holds a private key but is readable by group or others (chmod 600 it)");
            }
        }
        return keys;
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Public keys of several sources, in order, each kid once. */
    public static List<LoadedKey> readPublicKeys(List<Path> sources) {
        List<LoadedKey> keys = new ArrayList<>();
        for (Path source : sources) {
            keys.addAll(readPublicKeys(source));
        }
        return keys;
    }

    /** The regular files a source stands for, in name order. */
    public static List<Path> filesOf(Path source) {
        if (!Files.exists(source)) {
            throw new BadInputException(source + ": no such file or directory");
        }
        if (!Files.isDirectory(source)) {
            requireRegularFile(source);
            return List.of(source);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(source)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().startsWith(".") && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot list directory: " + reason(e), e);
        }
        if (files.isEmpty()) {
            throw new BadInputException(source + ": directory holds no key files");
        }
        files.sort(null);
        return files;
    }

    /**
     * A FIFO blocks the reading thread in open() until a writer comes, and a device such as /dev/zero never ends
     * (and reports size 0): either would stall the one reload thread, so only regular files are read.
     */
    private static void requireRegularFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": not a regular file (a FIFO, socket or device); not a key file");
        }
    }

    /**
     * The whole file in one bounded read through one channel: at most {@link #MAX_FILE_BYTES} + 1 bytes are read,
     * so a file that grows between a size check and the read, or that reports a wrong size, still cannot make
     * us hold more than the limit.
     */
    static String readText(Path file) {
        return new String(readBytes(file), StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a small regular file (a key or certificate file), read as {@link #readText} reads it. */
    public static byte[] readBytes(Path file) {
        return readBytes(file, MAX_FILE_BYTES, "a key or certificate file");
    }

    /**
     * The bytes of a regular file of at most {@code maxBytes}, in one read of at most {@code maxBytes} + 1;
     * {@code what} names the kind of file in the error ("a state file").
     */
    public static byte[] readBytes(Path file, long maxBytes, String what) {
        requireRegularFile(file);
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) maxBytes + 1);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until the limit or the end of the file
            }
            if (!buffer.hasRemaining()) {
                throw new BadInputException(
                        file + ": file is larger than " + maxBytes + " bytes; too large for " + what);
            }
            if (buffer.position() == 0) {
                throw new BadInputException(file + ": file is empty");
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + reason(e), e);
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return PublicKeys.oneLine(e);
    }
}
