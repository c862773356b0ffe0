package dev.saissuer.keys;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The secret numbers of a private key written every way a leak could spell them: base64url as in a JWK (minimal
 * and, for EC, curve-sized), standard base64, hex and decimal. A published document or message that contains none
 * of these holds no private parameter in any common encoding.
 */
final class PrivateValues {
    private PrivateValues() {}

    /** Spellings of each secret of the key: d, p, q, dp, dq, qi for RSA (RFC 7518, 6.3.2); d for EC (6.2.2). */
    static List<String> spellings(PrivateKey key) {
        List<String> spellings = new ArrayList<>();
        if (key instanceof RSAPrivateCrtKey rsa) {
            for (BigInteger secret : List.of(
                    rsa.getPrivateExponent(),
                    rsa.getPrimeP(),
                    rsa.getPrimeQ(),
                    rsa.getPrimeExponentP(),
                    rsa.getPrimeExponentQ(),
                    rsa.getCrtCoefficient())) {
                addSpellings(spellings, secret, 0);
            }
        } else if (key instanceof ECPrivateKey ec) {
            addSpellings(
                    spellings, ec.getS(), (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8);
        } else {
            throw new IllegalArgumentException("not an RSA or EC private key");
        }
        return spellings;
    }

    /** The first spelling found in the text, or null: the failure message names which, never the value. */
    static String firstLeak(String text, List<String> spellings) {
        for (int i = 0; i < spellings.size(); i++) {
            if (text.contains(spellings.get(i))) {
                return "private value spelling #" + i;
            }
        }
        return null;
    }

    private static void addSpellings(List<String> out, BigInteger secret, int paddedLength) {
        byte[] minimal = unsigned(secret);
        out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(minimal));
        out.add(Base64.getEncoder().withoutPadding().encodeToString(minimal));
        if (paddedLength > minimal.length) {
            byte[] padded = new byte[paddedLength];
            System.arraycopy(minimal, 0, padded, paddedLength - minimal.length, minimal.length);
            out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(padded));
        }
        out.add(secret.toString(16).toLowerCase(Locale.ROOT));
        out.add(secret.toString(16).toUpperCase(Locale.ROOT));
        out.add(secret.toString());
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
