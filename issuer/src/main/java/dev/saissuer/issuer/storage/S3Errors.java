package dev.saissuer.issuer.storage;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the AWS SDK's exceptions into one line naming the object, the S3 error code and what to do
 * (error codes: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 */
final class S3Errors {
    private S3Errors() {}

    static ObjectStoreException failure(String action, StoreLocation location, String object, SdkException e) {
        if (e instanceof S3Exception s3) {
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            String what =
                    object + ": " + action + " failed: " + (code == null ? "error" : code) + " (HTTP " + status + ")";
            if (status == 412 || status == 409 && "ConditionalRequestConflict".equals(code)) {
                return new PreconditionFailedException(what + ": changed by someone else since it was read", e);
            }
            return new ObjectStoreException(what + hint(action, code, location, s3), e);
        }
        return new ObjectStoreException(object + ": " + action + " failed: " + clientProblem(e), e);
    }

    private static String hint(String action, String code, StoreLocation location, S3Exception e) {
        if (code == null) {
            return "";
        }
        return switch (code) {
            case "NoSuchBucket" -> ": no such bucket \"" + location.container() + "\"";
            case "AccessDenied", "AllAccessDisabled" ->
                ": the credentials may not do this on bucket \"" + location.container() + "\"";
            case "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken" ->
                ": the store " + "refused the credentials";
            case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException" ->
                ": "
                        + "wrong region"
                        + bucketRegion(e)
                                .map(r -> ", the bucket is in " + r + " (--region " + r + ")")
                                .orElse(" (give --region)");
            default -> "";
        };
    }

    private static Optional<String> bucketRegion(S3Exception e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
            return Optional.empty();
        }
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
    }

    /** A failure before any answer from the store: unreachable endpoint, no credentials, a timeout. */
    private static String clientProblem(SdkException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains("Unable to load credentials")) {
            return "no AWS credentials found (environment, profile, web identity, container or instance role)";
        }
        return TransportFailures.describe(e).orElse(message);
    }
}
