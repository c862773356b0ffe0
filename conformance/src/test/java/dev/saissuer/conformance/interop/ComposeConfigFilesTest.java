package dev.saissuer.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The compose/ files for the two RabbitMQ versions differ only where the versions do (see compose/rabbitmq/README.md). */
class ComposeConfigFilesTest {

    @Test
    @DisplayName("RabbitMQ 3.10 and 4.x share one advanced.config")
    void sameScopeAliases() {
        assertEquals(
                RepositoryFiles.read(RepositoryFiles.compose("rabbitmq/3.10/advanced.config")),
                RepositoryFiles.read(RepositoryFiles.compose("rabbitmq/4.x/advanced.config")));
    }

    @Test
    @DisplayName("3.10 names the JWKS (no discovery); 4.x names the issuer; both check the same audience")
    void versionDifferences() {
        String v310 = RepositoryFiles.read(RepositoryFiles.compose("rabbitmq/3.10/rabbitmq.conf"));
        String v4 = RepositoryFiles.read(RepositoryFiles.compose("rabbitmq/4.x/rabbitmq.conf"));
        assertTrue(v310.contains("\nauth_oauth2.jwks_url = https://") && !v310.contains("\nauth_oauth2.issuer"), v310);
        assertTrue(v4.contains("\nauth_oauth2.issuer = https://") && !v4.contains("\nauth_oauth2.jwks_url"), v4);
        for (String config : new String[] {v310, v4}) {
            assertTrue(config.contains("\nauth_oauth2.resource_server_id = rabbitmq\n"), config);
            assertTrue(config.contains("\nauth_oauth2.additional_scopes_key = sub\n"), config);
        }
    }
}
