package dev.rotor.account.control;

import dev.rotor.platform.Refusal;

/**
 * The password was right, but it is a temporary one an admin set: no session starts until the
 * owner has chosen a new one ({@code POST /auth/temporary-password}). At the token endpoint this is
 * RFC 6749 §5.2 {@code invalid_grant}, with the way out in the description.
 */
public class PasswordChangeRequired extends Refusal {

    public PasswordChangeRequired() {
        super("password-change-required", 403,
                "This password is temporary. Choose a new one with POST /auth/temporary-password, then sign in.",
                new OAuthAnswer("invalid_grant", "The password must be changed before signing in: POST /auth/temporary-password.", 400),
                null);
    }
}
