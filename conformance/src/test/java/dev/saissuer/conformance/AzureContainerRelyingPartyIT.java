package dev.saissuer.conformance;

import dev.saissuer.testkit.TestCa;
import java.nio.file.Path;

/** The rotation across publish runs against Azurite 3.37.0 over https, read anonymously from a public container. */
class AzureContainerRelyingPartyIT extends PublishedBucketRelyingPartyContract {
    @Override
    PublishedStore openStore(Path dir, TestCa ca) throws Exception {
        return PublishedStore.azure(dir, ca);
    }
}
