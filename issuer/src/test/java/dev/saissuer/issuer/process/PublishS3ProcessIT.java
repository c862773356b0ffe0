package dev.saissuer.issuer.process;

import org.junit.jupiter.api.BeforeAll;

/**
 * {@code sa-issuer publish --to s3://...} against s3proxy 2.6.0; relying parties read the bucket through an
 * anonymous s3proxy on the same files (as a bucket policy for public read would let them).
 */
class PublishS3ProcessIT extends PublishProcessContract {
    @BeforeAll
    static void startStore() throws Exception {
        target = new PublishTarget.S3(dir);
    }

    /** Measured: s3proxy 2.6.0 ignores If-Match and If-None-Match on PUT. */
    @Override
    boolean conditionalWrites() {
        return false;
    }

    @Override
    String missingContainerCode() {
        return "NoSuchBucket";
    }

    @Override
    String badCredentialsCode() {
        return "SignatureDoesNotMatch";
    }
}
