package dev.rotor.session.control;

import dev.rotor.platform.Refusal;

/**
 * The OAuth password grant for an account that signs in with a second factor, or must enrol one:
 * the grant has no second step, so the application must sign the user in through the browser
 * (authorization code with PKCE). Answered {@code invalid_grant} at the token endpoint.
 */
public class SecondFactorRequired extends Refusal {

    static final String DESCRIPTION = "This account signs in with a second factor: the password grant cannot sign it in."
            + " Use the authorization code flow in a browser.";

    public SecondFactorRequired() {
        super("second-factor-required", 400, DESCRIPTION, new OAuthAnswer("invalid_grant", DESCRIPTION, 400), null);
    }
}
