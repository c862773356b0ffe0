package dev.saissuer.keys;

import java.math.BigInteger;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/** The consistency check Go applies to every RSA private key it parses, which the JDK's key factory skips. */
final class RsaPrivateKeys {
    private RsaPrivateKeys() {}

    /**
     * Refuses an RSA private key whose parameters do not fit together, as Go's x509.ParsePKCS1PrivateKey does
     * (rsa.PrivateKey.Validate), so kube-apiserver and sa-issuer agree: a corrupt key would otherwise have its
     * public half published while nothing can sign for it, and fail only when a token is minted.
     */
    static void checkConsistent(String origin, RSAPrivateKey key) {
        if (key.getVersion().signum() != 0) {
            throw new BadInputException(origin + ": multi-prime RSA keys are not supported");
        }
        BigInteger n = key.getModulus();
        BigInteger e = key.getPublicExponent();
        BigInteger d = key.getPrivateExponent();
        BigInteger p = key.getPrime1();
        BigInteger q = key.getPrime2();
        boolean consistent = n.signum() > 0
                && e.compareTo(BigInteger.TWO) >= 0
                && d.signum() > 0
                && p.compareTo(BigInteger.ONE) > 0
                && q.compareTo(BigInteger.ONE) > 0
                && p.multiply(q).equals(n);
        if (consistent) {
            BigInteger p1 = p.subtract(BigInteger.ONE);
            BigInteger q1 = q.subtract(BigInteger.ONE);
            consistent = d.multiply(e).mod(p1).equals(BigInteger.ONE)
                    && d.multiply(e).mod(q1).equals(BigInteger.ONE)
                    && key.getExponent1().equals(d.mod(p1))
                    && key.getExponent2().equals(d.mod(q1))
                    && key.getCoefficient().multiply(q).mod(p).equals(BigInteger.ONE);
        }
        if (!consistent) {
            throw new BadInputException(
                    origin + ": invalid RSA private key (its parameters do not fit together; is the file corrupt?)");
        }
    }
}
