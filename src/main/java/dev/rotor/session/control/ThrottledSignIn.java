package dev.rotor.session.control;

import dev.rotor.account.control.PasswordChangeRequired;
import dev.rotor.platform.RequestFacts;
import dev.rotor.throttle.control.SignInThrottle;
import dev.rotor.throttle.control.TooManyAttempts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in as both boundaries (the browser's /auth/login and the OAuth password grant) call it:
 * the throttle decides first, from its rows alone; only then is a password checked, and the
 * outcome is counted. A throttled attempt computes no hash and changes nothing.
 */
@ApplicationScoped
public class ThrottledSignIn {

    @Inject
    SignInThrottle throttle;

    @Inject
    Sessions sessions;

    /** A new session (its access token for {@code audience}), or empty for wrong credentials; {@link TooManyAttempts} when throttled. */
    public Optional<Issued> signIn(String username, String password, String clientId, List<String> audience, RequestFacts facts) {
        throttle.checkSignIn(username, facts);
        Optional<Issued> issued;
        try {
            issued = sessions.signIn(username, password, clientId, audience, facts);
        } catch (PasswordChangeRequired rightPassword) {
            throttle.signInSucceeded(username);
            throw rightPassword;
        }
        if (issued.isPresent()) {
            throttle.signInSucceeded(username);
        } else {
            throttle.signInFailed(username, facts);
        }
        return issued;
    }
}
