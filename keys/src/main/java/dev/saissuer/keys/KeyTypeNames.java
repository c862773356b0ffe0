package dev.saissuer.keys;

import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Readable names for the key algorithm identifiers that users most often try, for error messages. */
final class KeyTypeNames {
    private static final Map<ASN1ObjectIdentifier, String> NAMES = Map.of(
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            EdECObjectIdentifiers.id_X25519, "X25519",
            EdECObjectIdentifiers.id_X448, "X448",
            X9ObjectIdentifiers.id_dsa, "DSA");

    private KeyTypeNames() {}

    static String of(ASN1ObjectIdentifier oid) {
        return NAMES.getOrDefault(oid, "with OID " + oid.getId());
    }
}
