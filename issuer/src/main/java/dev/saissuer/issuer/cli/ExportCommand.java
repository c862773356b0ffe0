package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.MediaTypes;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.SecureFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Write the documents as a static site for object storage or any web server.",
            "Files go at the paths relying parties fetch: <issuer path>/.well-known/openid-configuration and the "
                    + "jwks_uri path; " + ExportCommand.MANIFEST + " lists the Content-Type each must be served with."
        })
final class ExportCommand implements Callable<Integer> {
    static final String MANIFEST = "content-types.txt";

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write the site into.")
    Path out;

    @Mixin
    IssuerOptions issuer;

    @Mixin
    KeySourceOptions keys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        IssuerDocuments documents = issuer.render(keys);
        IssuerUrl url = documents.issuer();
        URI jwksUri = documents.jwksUri();
        Map<String, String> contentTypes = new LinkedHashMap<>();
        write(url.discoveryPath(), documents.discovery().bytes(), MediaTypes.JSON, contentTypes);
        write(url.authorizationServerMetadataPath(), documents.discovery().bytes(), MediaTypes.JSON, contentTypes);
        write(jwksUri.getRawPath(), documents.jwks().bytes(), MediaTypes.JWK_SET, contentTypes);
        StringBuilder manifest = new StringBuilder("# path Content-Type (serve each file with this type; "
                + "Cache-Control: public, max-age=3600 is a good default)\n");
        contentTypes.forEach(
                (path, type) -> manifest.append(path).append(' ').append(type).append('\n'));
        SecureFiles.replace(
                out.resolve(MANIFEST), manifest.toString().getBytes(StandardCharsets.UTF_8), SecureFiles.PUBLIC);
        contentTypes.keySet().forEach(path -> spec.commandLine().getOut().println(out.resolve(path.substring(1))));
        return SaIssuerCommand.OK;
    }

    private void write(String urlPath, byte[] body, String type, Map<String, String> contentTypes) throws IOException {
        if (urlPath == null
                || urlPath.isEmpty()
                || urlPath.equals("/")
                || urlPath.contains("..")
                || urlPath.contains("%")) {
            throw new BadInputException("cannot export to URL path \"" + urlPath + "\"");
        }
        Path file = out.resolve(urlPath.substring(1)).normalize();
        SecureFiles.createDirectories(file.getParent(), SecureFiles.PUBLIC_DIR);
        SecureFiles.replace(file, body, SecureFiles.PUBLIC);
        contentTypes.put(urlPath, type);
    }
}
