package dev.rotor.session.control;

import dev.rotor.account.entity.Account;
import dev.rotor.platform.RequestFacts;
import java.util.Optional;

/** For tests of what follows a right password: no account has a second factor or must enrol one. */
public class NoSecondStep extends SecondSteps {

    @Override
    public Optional<SignInOutcome.SecondStepNeeded> needed(Account account, String clientId, RequestFacts facts, boolean browser) {
        return Optional.empty();
    }

    /** The session an outcome started, or empty. */
    public static Optional<Issued> started(SignInOutcome outcome) {
        return outcome instanceof SignInOutcome.Started started ? Optional.of(started.issued()) : Optional.empty();
    }
}
