package dev.rotor.account.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The password rules: 8 characters to 1,024 bytes, not the username, and a change must change it. */
class PasswordRulesTest {

    @Test
    void eightCharactersTo1024BytesPass() {
        assertEquals(Optional.empty(), Password.broken("12345678", "alice"));
        assertEquals(Optional.empty(), Password.broken("x".repeat(1024), "alice"));
        assertEquals(Optional.empty(), Password.broken("ééééééé\u00e9", "alice"), "characters, not bytes, at the short end");
    }

    @Test
    void tooShortAndTooLongAreRefused() {
        assertEquals(Optional.of(Password.Rule.TOO_SHORT), Password.broken("1234567", "alice"));
        assertEquals(Optional.of(Password.Rule.TOO_LONG), Password.broken("x".repeat(1025), "alice"));
        assertEquals(Optional.of(Password.Rule.TOO_LONG), Password.broken("é".repeat(513), "alice"), "bytes at the long end");
    }

    @Test
    void theUsernameIsRefusedWhateverTheCase() {
        assertEquals(Optional.of(Password.Rule.SAME_AS_USERNAME), Password.broken("Alice.Smith", "alice.smith"));
        assertEquals(Optional.of(Password.Rule.SAME_AS_USERNAME), Password.broken("ALICE.SMITH", "Alice.Smith"));
        assertEquals(Optional.empty(), Password.broken("alice.smith!", "alice.smith"));
    }

    @Test
    void aChangeMustPickADifferentPassword() {
        assertEquals(Optional.of(Password.Rule.UNCHANGED), Password.brokenByChange("same old password", "same old password", "bob"));
        assertEquals(Optional.empty(), Password.brokenByChange("a new password", "same old password", "bob"));
        assertEquals(Optional.of(Password.Rule.TOO_SHORT), Password.brokenByChange("short", "same old password", "bob"));
    }
}
