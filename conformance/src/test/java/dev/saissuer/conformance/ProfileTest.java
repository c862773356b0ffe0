package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The profile list as users see it: each check named after its profile, each with a source, each name in --help. */
class ProfileTest {
    @Test
    void everyCheckIsNamedAfterItsProfileAndCitesASource() {
        Set<String> ids = new HashSet<>();
        for (Profile profile : Profile.ALL) {
            for (Check check : profile.checks()) {
                assertTrue(ids.add(check.id()), "duplicate check id " + check.id());
                assertTrue(check.id().startsWith(profile.name() + "-"), check.id());
                assertTrue(
                        check.clause().contains("https://") || check.clause().contains("measured"),
                        check.id() + " has no source: " + check.clause());
            }
        }
    }

    @Test
    void helpListsEveryProfile() {
        String help = new CommandLine(new ConformanceKit()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(help.replaceAll("\\s+", " ").contains(Profile.names() + "."), help);
        assertEquals(Profile.ALL.size(), Profile.names().split(", ").length);
    }
}
