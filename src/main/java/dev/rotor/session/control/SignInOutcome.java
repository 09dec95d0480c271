package dev.rotor.session.control;

import dev.rotor.factor.entity.FactorKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What a sign-in step comes to: a session, a further step, or nothing (wrong credentials, audited). */
public sealed interface SignInOutcome {

    /**
     * A session started. {@code newRecoveryCodes} are the account's recovery codes when this step
     * made them (an enrolment; their only copy), else empty; {@code recoveryCodesLeft} is set when
     * the step used one.
     */
    record Started(Issued issued, List<String> newRecoveryCodes, Integer recoveryCodesLeft) implements SignInOutcome {
        public Started(Issued issued) {
            this(issued, List.of(), null);
        }
    }

    /**
     * The password was right; a second step must follow within {@code expiresAt}, presenting
     * {@code challenge}: one of {@code methods} ({@code enrolment} false), or enrolling one of them
     * ({@code enrolment} true: the policy requires a factor the account does not have).
     * {@code publicKey} is the WebAuthn assertion request for the browser when a passkey can answer.
     */
    record SecondStepNeeded(String challenge, Set<FactorKind> methods, Instant expiresAt, boolean enrolment,
                            String publicKey) implements SignInOutcome {
    }

    /** Nothing started; {@code reason} is the problem slug the boundary answers with. */
    record Refused(String reason) implements SignInOutcome {
    }
}
