package dev.saissuer.issuer.process;

import org.junit.jupiter.api.BeforeAll;

/** {@code sa-issuer publish --to azblob://...} against Azurite, read anonymously from a public-blob container. */
class PublishAzureProcessIT extends PublishProcessContract {
    @BeforeAll
    static void startStore() throws Exception {
        target = new PublishTarget.Azure(dir);
    }

    @Override
    boolean conditionalWrites() {
        return true;
    }

    @Override
    String missingContainerCode() {
        return "ContainerNotFound";
    }

    @Override
    String badCredentialsCode() {
        return "AuthorizationFailure";
    }
}
