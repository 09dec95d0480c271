package dev.rotor.account.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsernameAndPasswordTest {

    @Test
    void usernamesAreNormalizedToOneForm() {
        assertEquals("alice", Username.parse(" Alice ").orElseThrow().value());
        assertEquals("bob.smith@example.com", Username.parse("Bob.Smith@Example.com").orElseThrow().value());
    }

    @Test
    void usernamesOutsideTheRuleAreRefused() {
        for (String bad : new String[] {null, "", "ab", "a".repeat(65), "-lead", "with space", "émile", "semi;colon"}) {
            assertTrue(Username.parse(bad).isEmpty(), "accepted: " + bad);
        }
        assertTrue(Username.parse("a".repeat(64)).isPresent());
    }

    @Test
    void passwordRulesCountCharactersAndBytes() {
        assertTrue(Password.isTooShort("1234567"));
        assertFalse(Password.isTooShort("12345678"));
        assertFalse(Password.isTooLong("é".repeat(512)));
        assertTrue(Password.isTooLong("é".repeat(513)));
        assertEquals(Password.normalize("e\u0301"), Password.normalize("\u00e9"), "NFC: one password however it was typed");
    }
}
