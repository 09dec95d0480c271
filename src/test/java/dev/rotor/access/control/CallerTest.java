package dev.rotor.access.control;

import static dev.rotor.access.control.AccessClaimsTest.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The request's caller: claims handed over by the mechanism, trusted only for the very token they were read from. */
class CallerTest {

    final Caller caller = new Caller();

    @Test
    void claimsHandedOverForThisTokenAreUsedWithoutReadingItAgain() {
        var token = token("acc-1", "sess-1", 3);
        var handedOver = AccessClaims.read(token);
        caller.loggedIn(handedOver);
        token.reads().clear();
        assertSame(handedOver, caller.claims(token));
        assertEquals(List.of(), token.reads());
    }

    @Test
    void claimsHandedOverForAnotherTokenAreIgnoredEvenWhenTheyLookAlike() {
        var token = token("acc-1", "sess-1", 3);
        var other = AccessClaims.read(token("acc-1", "sess-1", 9));
        caller.loggedIn(other);
        var claims = caller.claims(token);
        assertNotSame(other, claims);
        assertSame(token, claims.token());
        assertEquals(3, claims.tokenVersion(), "read from the token itself");
    }

    @Test
    void withNothingHandedOverTheClaimsAreReadFromTheToken() {
        assertTrue(caller.loggedInClaims().isEmpty());
        assertEquals("sess-2", caller.claims(token("acc-2", "sess-2", 0)).sessionId());
    }

    @Test
    void onlyTheAccessCookieMakesTheCallerACookieCaller() {
        caller.loggedIn(AccessClaims.read(token("acc-1", "sess-1", 3)));
        assertFalse(caller.byAccessCookie(), "a token from the Authorization header is no ambient credential");
        caller.presentedAccessCookie();
        assertTrue(caller.byAccessCookie());
    }
}
