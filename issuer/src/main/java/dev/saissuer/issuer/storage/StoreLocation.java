package dev.saissuer.issuer.storage;

import dev.saissuer.keys.BadInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where {@code --to} points: {@code s3://BUCKET[/PREFIX]} or {@code azblob://CONTAINER[/PREFIX]}. The prefix
 * holds no empty, {@code .} or {@code ..} segments and never starts or ends with a slash, so every object key
 * is {@code PREFIX/} + a URL path without its leading slash.
 */
public record StoreLocation(Kind kind, String container, String prefix) {
    /** The publisher's own objects (state, probes) live under this path, which the public read policy excludes. */
    public static final String STATE_DIRECTORY = "/.sa-issuer";

    /** The store kinds, by the scheme {@code --to} names them with. */
    public enum Kind {
        S3("s3"),
        AZBLOB("azblob");

        private final String scheme;

        Kind(String scheme) {
            this.scheme = scheme;
        }

        public String scheme() {
            return scheme;
        }
    }

    // Bucket names: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (dots allowed);
    // container names:
    // https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
    private static final Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern AZURE_CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");

    public static StoreLocation parse(String to) {
        if (to == null || to.isBlank()) {
            throw new BadInputException("--to is required: s3://BUCKET[/PREFIX] or azblob://CONTAINER[/PREFIX]");
        }
        String shown = to.length() > 200 ? to.substring(0, 200) + "..." : to;
        shown = shown.replaceAll("[^\\x20-\\x7e]", "?");
        int schemeEnd = to.indexOf("://");
        if (schemeEnd < 0) {
            throw new BadInputException(
                    "--to \"" + shown + "\": expected s3://BUCKET[/PREFIX] or azblob://CONTAINER[/PREFIX]");
        }
        String scheme = to.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        Kind kind =
                switch (scheme) {
                    case "s3" -> Kind.S3;
                    case "azblob" -> Kind.AZBLOB;
                    default ->
                        throw new BadInputException("--to \"" + shown + "\": unknown scheme \"" + scheme
                                + "\" (expected s3:// or azblob://)");
                };
        String rest = to.substring(schemeEnd + 3);
        int slash = rest.indexOf('/');
        String container = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        String what = kind == Kind.S3 ? "bucket" : "container";
        if (container.isEmpty()) {
            throw new BadInputException("--to \"" + shown + "\": no " + what + " name");
        }
        Pattern rule = kind == Kind.S3 ? S3_BUCKET : AZURE_CONTAINER;
        // $web is the container a storage account's static website serves; $root its root container.
        boolean special = kind == Kind.AZBLOB && (container.equals("$web") || container.equals("$root"));
        if (!special && !rule.matcher(container).matches()) {
            throw new BadInputException("--to \"" + shown + "\": \"" + container + "\" is not a valid " + what
                    + " name (3-63 lowercase letters, digits"
                    + (kind == Kind.S3 ? ", dots" : "") + " and hyphens)");
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!prefix.isEmpty()) {
            for (String segment : prefix.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new BadInputException(
                            "--to \"" + shown + "\": the prefix must not hold empty, . or .. " + "segments");
                }
                if (!SAFE_SEGMENT.matcher(segment).matches()) {
                    throw new BadInputException("--to \"" + shown + "\": the prefix may hold only URL path "
                            + "characters that need no escaping (letters, digits, -._~ and the like)");
                }
            }
        }
        return new StoreLocation(kind, container, prefix);
    }

    /** The key of the object served at {@code urlPath} (which starts with a slash) under the prefix. */
    public String key(String urlPath) {
        String relative = urlPath.startsWith("/") ? urlPath.substring(1) : urlPath;
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    /** {@code scheme://container/key}, for messages and plans. */
    public String describe(String key) {
        return kind.scheme() + "://" + container + "/" + key;
    }

    @Override
    public String toString() {
        return kind.scheme() + "://" + container + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
