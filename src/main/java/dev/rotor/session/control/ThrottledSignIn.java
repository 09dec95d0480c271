package dev.rotor.session.control;

import dev.rotor.account.control.PasswordChangeRequired;
import dev.rotor.platform.RequestFacts;
import dev.rotor.throttle.control.SignInThrottle;
import dev.rotor.throttle.control.SignInThrottle.Attempt;
import dev.rotor.throttle.control.TooManyAttempts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in as both boundaries (the browser's /auth/login and the OAuth password grant) call it:
 * the throttle decides and counts the attempt as a failure first, from its rows alone; only then
 * is a password checked, and a right one takes the count back. A throttled attempt computes no
 * hash and changes nothing.
 */
@ApplicationScoped
public class ThrottledSignIn {

    @Inject
    SignInThrottle throttle;

    @Inject
    Sessions sessions;

    /** A new session (its access token for {@code audience}), or empty for wrong credentials; {@link TooManyAttempts} when throttled. */
    public Optional<Issued> signIn(String username, String password, String clientId, List<String> audience, RequestFacts facts) {
        Attempt attempt = throttle.begin(username, facts);
        Optional<Issued> issued;
        try {
            issued = sessions.signIn(username, password, clientId, audience, facts);
        } catch (PasswordChangeRequired rightPassword) {
            throttle.succeeded(attempt);
            throw rightPassword;
        }
        if (issued.isPresent()) {
            throttle.succeeded(attempt);
        } else {
            throttle.failed(attempt, username, facts);
        }
        return issued;
    }
}
