package dev.saissuer.issuer.storage;

import dev.saissuer.keys.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 bucket (or an S3-compatible store's) through the AWS SDK for Java v2 and its default credential chain.
 * With an endpoint, requests use path-style addressing ({@code ENDPOINT/BUCKET/KEY}), which every
 * S3-compatible store accepts, and send checksums only where S3 requires them, as stores that predate the
 * SDK's default CRC checksums reject them. Conditional writes use {@code If-Match} and {@code If-None-Match}
 * on PutObject (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
 */
final class S3ObjectStore implements ObjectStore {
    /** With an endpoint and no region anywhere in the chain: the region S3-compatible stores expect by default. */
    static final String DEFAULT_ENDPOINT_REGION = "us-east-1";

    /** The object a probe write goes to: under the publisher's own directory, which the read policy excludes. */
    static final String PROBE_PATH = StoreLocation.STATE_DIRECTORY + "/conditional-write-probe";

    static final String ENFORCED = "enforced";
    static final String IGNORED = "ignored";
    private static final String PROBE_TYPE = "text/plain";

    private final StoreLocation location;
    private final S3Client client;
    private Boolean conditionalWrites;

    /** {@code conditionalWrites} null: find out with a probe write on first use. */
    S3ObjectStore(StoreLocation location, S3Client client, Boolean conditionalWrites) {
        this.location = location;
        this.client = client;
        this.conditionalWrites = conditionalWrites;
    }

    static S3ObjectStore open(StoreLocation location, StoreOptions options) {
        return open(location, options, DefaultCredentialsProvider.builder().build());
    }

    static S3ObjectStore open(StoreLocation location, StoreOptions options, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentials)
                .region(region(options))
                // Plain signed uploads: with aws-chunked uploads some S3-compatible stores (s3proxy 2.6.0) keep
                // "Content-Encoding: aws-chunked" on the object and serve it to relying parties.
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint())
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        // AWS S3 enforces conditional writes on every bucket since 2024; S3-compatible stores differ (s3proxy
        // 2.6.0 ignores If-Match and If-None-Match on PUT), so with an endpoint a probe write finds out.
        return new S3ObjectStore(location, builder.build(), options.endpoint() == null ? Boolean.TRUE : null);
    }

    private static Region region(StoreOptions options) {
        if (options.region() != null && !options.region().isBlank()) {
            return Region.of(options.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            if (options.endpoint() != null) {
                return Region.of(DEFAULT_ENDPOINT_REGION);
            }
            throw new BadInputException("no AWS region: give --region or set AWS_REGION (or a profile's region)");
        }
    }

    @Override
    public Optional<StoredObject> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(GetObjectRequest.builder()
                    .bucket(location.container())
                    .key(key)
                    .build());
            GetObjectResponse response = bytes.response();
            return Optional.of(new StoredObject(
                    bytes.asByteArray(), response.eTag(), response.contentType(), response.cacheControl()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw S3Errors.failure("GET", location, describe(key), e);
        }
    }

    @Override
    public String put(String key, byte[] body, String contentType, String cacheControl, Precondition precondition) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(location.container())
                .key(key)
                .contentType(contentType)
                .cacheControl(cacheControl);
        if (precondition.ifMatch() != null) {
            request.ifMatch(precondition.ifMatch());
        }
        if (precondition.ifNoneMatch() != null) {
            request.ifNoneMatch(precondition.ifNoneMatch());
        }
        try {
            return client.putObject(request.build(), RequestBody.fromBytes(body))
                    .eTag();
        } catch (SdkException e) {
            throw S3Errors.failure("PUT", location, describe(key), e);
        }
    }

    /**
     * Whether the store enforces preconditions. With an endpoint, found out once and recorded in
     * {@link #PROBE_PATH}: a write there on an ETag no object has is refused (412, or 404 where the object is
     * absent) by a store that enforces {@code If-Match}, and written ({@value #IGNORED}) by one that ignores it,
     * which thereby records the answer; an enforcing store's answer is recorded by a create-if-absent. Later runs
     * read the record and write nothing. Deleting the object makes the next run probe again.
     */
    @Override
    public synchronized boolean supportsConditionalWrites() {
        if (conditionalWrites != null) {
            return conditionalWrites;
        }
        String key = location.key(PROBE_PATH);
        Optional<StoredObject> recorded = get(key);
        if (recorded.isPresent()) {
            conditionalWrites = new String(recorded.get().body(), StandardCharsets.US_ASCII).equals(ENFORCED);
            return conditionalWrites;
        }
        try {
            put(key, bytes(IGNORED), PROBE_TYPE, "no-store", Precondition.ifMatch("\"sa-issuer-probe\""));
            conditionalWrites = false;
        } catch (PreconditionFailedException e) {
            conditionalWrites = true;
        } catch (ObjectStoreException e) {
            if (!(e.getCause() instanceof S3Exception s3
                    && s3.statusCode() == 404
                    && !"NoSuchBucket".equals(errorCode(s3)))) {
                throw e;
            }
            conditionalWrites = true;
        }
        if (conditionalWrites) {
            try {
                put(key, bytes(ENFORCED), PROBE_TYPE, "no-store", Precondition.ifAbsent());
            } catch (PreconditionFailedException e) {
                // Another publisher recorded it first: the same answer.
            }
        }
        return conditionalWrites;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    @Override
    public String describe(String key) {
        return location.describe(key);
    }

    @Override
    public void close() {
        client.close();
    }
}
