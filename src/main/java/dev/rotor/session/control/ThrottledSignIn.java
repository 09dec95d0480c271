package dev.rotor.session.control;

import dev.rotor.account.control.PasswordChangeRequired;
import dev.rotor.platform.RequestFacts;
import dev.rotor.throttle.control.SignInThrottle;
import dev.rotor.throttle.control.SignInThrottle.Attempt;
import dev.rotor.throttle.control.TooManyAttempts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

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

    /**
     * A new session (its access token for {@code audience}), a second step to take
     * ({@link SignInOutcome.SecondStepNeeded}, browser only), or {@link SignInOutcome.Refused} for
     * wrong credentials; {@link TooManyAttempts} when throttled. A right password that still needs
     * a second step gives the address its count back but leaves the username's failure counted
     * until the second step succeeds, so a known password does not reset the account's lockout.
     */
    public SignInOutcome signIn(String username, String password, String clientId, List<String> audience, RequestFacts facts,
                                boolean browser) {
        Attempt attempt = throttle.begin(username, facts);
        SignInOutcome outcome;
        try {
            outcome = sessions.signIn(username, password, clientId, audience, facts, browser);
        } catch (PasswordChangeRequired rightPassword) {
            throttle.succeeded(attempt);
            throw rightPassword;
        } catch (SecondFactorRequired rightPasswordWrongGrant) {
            throttle.passwordRight(attempt);
            throw rightPasswordWrongGrant;
        }
        if (outcome instanceof SignInOutcome.Started) {
            throttle.succeeded(attempt);
        } else if (outcome instanceof SignInOutcome.SecondStepNeeded) {
            throttle.passwordRight(attempt);
        } else {
            throttle.failed(attempt, username, facts);
        }
        return outcome;
    }
}
