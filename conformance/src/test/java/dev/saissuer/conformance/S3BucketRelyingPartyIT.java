package dev.saissuer.conformance;

import dev.saissuer.testkit.TestCa;
import java.nio.file.Path;

/** The rotation across publish runs against s3proxy 2.6.0 over https, read through an anonymous s3proxy. */
class S3BucketRelyingPartyIT extends PublishedBucketRelyingPartyContract {
    @Override
    PublishedStore openStore(Path dir, TestCa ca) throws Exception {
        return PublishedStore.s3(dir, ca);
    }
}
