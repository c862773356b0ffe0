package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimelineStoreTest {
    @Test
    void roundTripsPublicDataOnlyWithPrivatePermissions(@TempDir Path dir) throws Exception {
        KeyTimeline timeline =
                new KeyTimeline(new RotationRules(Duration.ofHours(1), Duration.ofHours(1)), System::nanoTime);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        timeline.observe(
                KeyFiles.readPublicKeys(
                        List.of(Fixtures.fixture("rsa2048.pkcs8.pem"), Fixtures.fixture("p384.sec1.pem"))),
                t0);
        timeline.observe(KeyFiles.readPublicKeys(Fixtures.fixture("p384.sec1.pem")), t0.plusSeconds(5));
        Path stateDir = dir.resolve("state");
        FileTimelineStore store = new FileTimelineStore(stateDir);
        store.save(timeline.entries(), timeline.rules().retention());

        assertEquals(timeline.entries(), store.load().entries());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        JsonNode saved = new ObjectMapper().readTree(store.file().toFile());
        for (JsonNode key : saved.get("keys")) {
            Set<String> names = new TreeSet<>();
            key.fieldNames().forEachRemaining(names::add);
            assertEquals(
                    new TreeSet<>(Set.of("kid", "alg", "spki", "origin", "firstPublished", "lastSeen", "current")),
                    names);
        }
    }

    @Test
    void missingStateIsEmptyAndCorruptStateIsRefused(@TempDir Path dir) throws Exception {
        FileTimelineStore store = new FileTimelineStore(dir);
        assertEquals(TimelineStore.State.EMPTY, store.load());
        Files.writeString(store.file(), "{not json");
        BadInputException e = assertThrows(BadInputException.class, store::load);
        assertTrue(e.getMessage().startsWith(store.file() + ": unreadable state file"), e.getMessage());
    }

    @Test
    void anExistingStateDirectoryOpenToOthersIsMadePrivate(@TempDir Path dir) throws Exception {
        Path stateDir = Files.createDirectory(
                dir.resolve("state"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        KeyTimeline timeline =
                new KeyTimeline(new RotationRules(Duration.ofHours(1), Duration.ofHours(1)), System::nanoTime);
        timeline.observe(KeyFiles.readPublicKeys(Fixtures.fixture("p384.sec1.pem")), Instant.now());
        new FileTimelineStore(stateDir).save(timeline.entries(), Duration.ofHours(1));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"null", "{\"version\":1,\"keys\":[null]}", "{\"version\":1,\"keys\":[{}]}", "[]"})
    void everyStateFileErrorNamesTheFileAndWhatToDo(String content, @TempDir Path dir) throws Exception {
        FileTimelineStore store = new FileTimelineStore(dir);
        Files.writeString(store.file(), content);
        BadInputException e = assertThrows(BadInputException.class, store::load);
        assertTrue(e.getMessage().startsWith(store.file() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("remove it to start a new timeline"), e.getMessage());
    }

    @Test
    void aStateFileLargerThanTheBoundIsRefusedWithoutReadingItAll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timeline.json");
        Files.write(file, new byte[(int) FileTimelineStore.MAX_STATE_BYTES + 1]);
        BadInputException e = assertThrows(BadInputException.class, () -> new FileTimelineStore(dir).load());
        assertTrue(
                e.getMessage().startsWith(file + ": file is larger than " + FileTimelineStore.MAX_STATE_BYTES),
                e.getMessage());
    }
}
