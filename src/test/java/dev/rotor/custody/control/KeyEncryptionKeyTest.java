package dev.rotor.custody.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyEncryptionKeyTest {

    private static final String PRIVATE_JWK = "{\"kty\":\"RSA\",\"d\":\"secret-exponent\",\"p\":\"x\",\"q\":\"y\"}";

    private final KeyEncryptionKey cut = KeyEncryptionKey.generate();

    @Test
    void aSealedValueOpensWithTheSameKeyAndName() {
        String sealed = cut.seal(PRIVATE_JWK, "signing_key/k1");
        assertEquals(PRIVATE_JWK, cut.open(sealed, "signing_key/k1"));
    }

    @Test
    void aSealedValueHoldsNoPlaintext() {
        String sealed = cut.seal(PRIVATE_JWK, "signing_key/k1");
        assertFalse(sealed.contains("\"d\"") || sealed.contains("secret-exponent"));
        assertNotEquals(sealed, cut.seal(PRIVATE_JWK, "signing_key/k1"), "a fresh IV each time");
    }

    @Test
    void aWrongKekFailsWithAClearMessageNamingTheGcmCheck() {
        String sealed = cut.seal(PRIVATE_JWK, "signing_key/k1");
        var wrong = KeyEncryptionKey.generate();
        var failure = assertThrows(KeyCustodyException.class, () -> wrong.open(sealed, "signing_key/k1"));
        assertTrue(failure.getMessage().contains("GCM tag check failed"), failure.getMessage());
        assertFalse(failure.getMessage().contains("secret-exponent"));
    }

    @Test
    void aSealedValueMovedToAnotherRowDoesNotOpen() {
        String sealed = cut.seal(PRIVATE_JWK, "signing_key/k1");
        assertThrows(KeyCustodyException.class, () -> cut.open(sealed, "signing_key/k2"));
    }

    @Test
    void aKekIsBase64Of32BytesAndItsIdIsStable() {
        var same = KeyEncryptionKey.fromBase64(cut.toBase64(), "test");
        assertEquals(cut.id(), same.id());
        assertEquals(16, cut.id().length());
        assertThrows(KeyCustodyException.class, () -> KeyEncryptionKey.fromBase64("c2hvcnQ=", "test"));
        assertThrows(KeyCustodyException.class, () -> KeyEncryptionKey.fromBase64("not base64!", "test"));
    }
}
