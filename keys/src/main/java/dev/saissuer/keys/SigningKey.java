package dev.saissuer.keys;

import com.nimbusds.jose.JWSAlgorithm;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The private key kube-apiserver signs with ({@code --service-account-signing-key-file}) and its public half.
 * Only minting holds one of these; publishing works from {@link LoadedKey} alone.
 */
public record SigningKey(PrivateKey privateKey, LoadedKey publicHalf) {

    /** Reads the first private key of a PEM file, as kube-apiserver reads its signing key file. */
    public static SigningKey read(Path file) {
        List<PemBlocks.KeyBlock> blocks = PemBlocks.decode(file.toString(), KeyFiles.readText(file));
        for (PemBlocks.KeyBlock block : blocks) {
            if (block.privateInfo() != null) {
                LoadedKey publicHalf = PublicKeys.check(block.publicInfo(), block.origin());
                try {
                    return new SigningKey(new JcaPEMKeyConverter().getPrivateKey(block.privateInfo()), publicHalf);
                } catch (IOException e) {
                    throw new BadInputException(block.origin() + ": invalid private key: " + PublicKeys.oneLine(e), e);
                }
            }
        }
        throw new BadInputException(file + ": no private key found (the signing key file must hold a private key)");
    }

    public JWSAlgorithm jwsAlgorithm() {
        return JWSAlgorithm.parse(publicHalf.algorithm());
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + publicHalf.kid() + ", origin=" + publicHalf.origin() + "]";
    }
}
