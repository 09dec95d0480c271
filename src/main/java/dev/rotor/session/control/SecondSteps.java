package dev.rotor.session.control;

import dev.rotor.account.control.MfaPolicy;
import dev.rotor.account.entity.Account;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.factor.control.Challenges;
import dev.rotor.factor.control.Factors;
import dev.rotor.factor.control.Passkeys;
import dev.rotor.factor.control.RecoveryCodes;
import dev.rotor.factor.control.Totps;
import dev.rotor.factor.entity.AuthChallenge;
import dev.rotor.factor.entity.ChallengePurpose;
import dev.rotor.factor.entity.FactorKind;
import dev.rotor.factor.entity.Passkey;
import dev.rotor.platform.RandomSecrets;
import dev.rotor.platform.Refusal;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.throttle.control.SignInThrottle;
import dev.rotor.token.entity.Authentication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The second step of a sign-in, bound to the first by a server-side challenge
 * ({@link Challenges}): after a right password, an account with a factor is asked for it, and an
 * account the {@link MfaPolicy} requires a factor of, without one, is made to enrol one. The step
 * is single use (the challenge is consumed by compare-and-set in the transaction that starts the
 * session), expires, dies after {@link Challenges#MAX_FAILURES} wrong answers, and is refused if
 * the account's password, token version or state changed since the first step. The session's
 * {@code amr} says which factors were used; the password grant, which has no second step, is
 * refused for such accounts ({@link SecondFactorRequired}).
 */
@ApplicationScoped
public class SecondSteps {

    private static final Set<ChallengePurpose> STEPS = EnumSet.of(ChallengePurpose.SECOND_FACTOR, ChallengePurpose.ENROLMENT);

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Challenges challenges;

    @Inject
    Factors factors;

    @Inject
    Passkeys passkeys;

    @Inject
    Totps totps;

    @Inject
    RecoveryCodes recoveryCodes;

    @Inject
    MfaPolicy policy;

    @Inject
    Sessions sessions;

    @Inject
    SessionEnds ends;

    @Inject
    SignInThrottle throttle;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** What the browser answers a second step with. */
    public sealed interface Answer {
        /** A code from the authenticator app (also the confirming code of an app being enrolled). */
        record TotpCode(String code) implements Answer {
        }

        /** One of the account's recovery codes. */
        record RecoveryCode(String code) implements Answer {
        }

        /** A passkey's assertion (or, during an enrolment, its registration under {@code name}), as {@code PublicKeyCredential} JSON. */
        record PasskeyResponse(String credentialJson, String name) implements Answer {
        }
    }

    /**
     * Called under the account's lock once the password is verified: the second step this account
     * needs, if any. {@code browser} false (the password grant) refuses instead of asking.
     */
    public Optional<SignInOutcome.SecondStepNeeded> needed(Account account, String clientId, RequestFacts facts, boolean browser) {
        Set<FactorKind> kinds = factors.of(account.id());
        boolean enrolment = kinds.isEmpty();
        if (enrolment && !policy.requiresFactor(account)) {
            return Optional.empty();
        }
        if (!browser) {
            audit.record(AuditType.LOGIN_FAILED, account.id(), null, null, facts,
                    enrolment ? "password grant: a second factor is required and none is enrolled" : "password grant: the account has a second factor");
            throw new SecondFactorRequired();
        }
        Passkeys.Ceremony ceremony = kinds.contains(FactorKind.PASSKEY) ? passkeys.startAssertion(account.id()) : null;
        var ttl = enrolment ? Challenges.ENROLMENT_TTL : Challenges.STEP_TTL;
        Instant expiresAt = clock.instant().plus(ttl);
        String value = challenges.open(enrolment ? ChallengePurpose.ENROLMENT : ChallengePurpose.SECOND_FACTOR, account.id(), ttl,
                challenge -> challenge.afterFirstStep(clientId, Authentication.PWD, fingerprint(account), account.tokenVersion())
                        .withWebauthnRequest(ceremony == null ? null : ceremony.requestJson())
                        .from(facts.deviceName(), facts.userAgent(), facts.clientIp()));
        audit.record(AuditType.SECOND_FACTOR_REQUIRED, account.id(), account.id(), null, facts,
                enrolment ? "enrolment required by rotor.mfa" : "methods=" + kinds);
        return Optional.of(new SignInOutcome.SecondStepNeeded(value, enrolment ? EnumSet.of(FactorKind.TOTP, FactorKind.PASSKEY) : kinds,
                expiresAt, enrolment, ceremony == null ? null : ceremony.options()));
    }

    /**
     * Answers the second step {@code challenge} with {@code answer}: a session with the factors in
     * its {@code amr}, or {@link SignInOutcome.Refused} (a wrong answer, counted against the
     * challenge and the account's sign-in throttle). {@link SignInStepExpired} when the challenge is
     * not open or the account changed since the first step.
     */
    @Transactional(dontRollbackOn = Refusal.class)
    public SignInOutcome complete(String challenge, Answer answer, List<String> audience, RequestFacts facts) {
        AuthChallenge step = challenges.find(challenge, STEPS).orElseThrow(SignInStepExpired::new);
        Account account = stillValid(step);
        RequestFacts device = facts.withDeviceName(step.deviceName());
        if (step.purpose() == ChallengePurpose.ENROLMENT) {
            return enrol(challenge, step, account, answer, audience, device);
        }
        Optional<List<String>> proved;
        Integer left = null;
        String method;
        if (answer instanceof Answer.TotpCode totp) {
            method = FactorKind.TOTP.wire();
            proved = totps.verify(account.id(), account.username(), totp.code(), device) ? Optional.of(List.of(Authentication.OTP)) : Optional.empty();
        } else if (answer instanceof Answer.RecoveryCode recovery) {
            method = FactorKind.RECOVERY_CODE.wire();
            OptionalInt remaining = recoveryCodes.use(account.id(), recovery.code());
            left = remaining.isPresent() ? remaining.getAsInt() : null;
            proved = remaining.isPresent() ? Optional.of(List.of(Authentication.OTP)) : Optional.empty();
        } else {
            method = FactorKind.PASSKEY.wire();
            proved = passkeyAssertion(account, challenge, (Answer.PasskeyResponse) answer);
        }
        if (proved.isEmpty()) {
            return wrong(challenge, account, method, device);
        }
        if (!challenges.use(challenge)) {
            throw new SignInStepExpired();
        }
        if (left != null) {
            audit.record(AuditType.RECOVERY_CODE_USED, account.id(), account.id(), null, device, "remaining=" + left);
        }
        Authentication authentication = Authentication.of(step.createdAt(), step.amr())
                .withSecondFactor(clock.instant(), proved.get().toArray(String[]::new));
        return started(account, step, authentication, audience, device, method, List.of(), left);
    }

    /** Enrolment the policy requires: confirm an authenticator app with a code, or register a passkey; then signed in. */
    private SignInOutcome enrol(String challenge, AuthChallenge step, Account account, Answer answer, List<String> audience, RequestFacts facts) {
        String method;
        List<String> proved;
        AuditType added;
        if (answer instanceof Answer.TotpCode totp) {
            if (!totps.confirm(account.id(), account.username(), totp.code(), facts)) {
                return wrong(challenge, account, FactorKind.TOTP.wire(), facts);
            }
            method = FactorKind.TOTP.wire();
            proved = List.of(Authentication.OTP);
            added = AuditType.TOTP_ENROLLED;
        } else if (answer instanceof Answer.PasskeyResponse passkey) {
            if (step.webauthnRequest() == null) {
                throw new InvalidSecondStep("Ask for the passkey's registration options first.");
            }
            String id = passkeys.finishRegistration(account.id(), step.webauthnRequest(), passkey.credentialJson(),
                    passkey.name() == null || passkey.name().isBlank() ? "Passkey" : passkey.name());
            Passkey registered = em.find(Passkey.class, id);
            method = FactorKind.PASSKEY.wire();
            proved = List.of(registered != null && registered.backupEligible() ? Authentication.SWK : Authentication.HWK);
            added = AuditType.PASSKEY_ADDED;
        } else {
            throw new InvalidSecondStep("An enrolment is answered with an authenticator app's code or a passkey.");
        }
        if (!challenges.use(challenge)) {
            throw new SignInStepExpired();
        }
        List<String> codes = recoveryCodes.remaining(account.id()) == 0 ? recoveryCodes.generate(account.id()) : List.of();
        if (!codes.isEmpty()) {
            audit.record(AuditType.RECOVERY_CODES_GENERATED, account.id(), account.id(), null, facts, "at enrolment");
        }
        ends.endAllExcept(account.id(), null, SessionStatus.FACTOR_CHANGED, added, account.id(), facts);
        Authentication authentication = Authentication.of(step.createdAt(), step.amr())
                .withSecondFactor(clock.instant(), proved.toArray(String[]::new));
        return started(account, step, authentication, audience, facts, method + " (enrolled)", codes, null);
    }

    /** An enrolment's authenticator app: the secret and QR code to show (the challenge stays open for the confirming code). */
    @Transactional
    public Totps.Enrolment beginTotpEnrolment(String challenge) {
        AuthChallenge step = enrolment(challenge);
        Account account = stillValid(step);
        return totps.begin(account.id(), account.username());
    }

    /** An enrolment's passkey: the registration options for the browser; the request is kept with the challenge. */
    @Transactional
    public String beginPasskeyEnrolment(String challenge) {
        AuthChallenge step = enrolment(challenge);
        Account account = stillValid(step);
        Passkeys.Ceremony ceremony = passkeys.startRegistration(account.id(), account.username());
        em.find(AuthChallenge.class, step.idHash()).withWebauthnRequest(ceremony.requestJson());
        return ceremony.options();
    }

    /**
     * A username-less sign-in with a discoverable passkey and user verification: counts as
     * multi-factor (the key, unlocked by a PIN or biometric). {@link SignInOutcome.Refused} without
     * user verification or for a disabled account.
     */
    @Transactional(dontRollbackOn = Refusal.class)
    public SignInOutcome passkeySignIn(String challenge, String credentialJson, String clientId, List<String> audience, RequestFacts facts) {
        Passkeys.Use use = passkeys.finishSignIn(challenge, credentialJson).orElseThrow(SignInStepExpired::new);
        Account account = em.find(Account.class, use.accountId(), LockModeType.PESSIMISTIC_WRITE);
        if (account == null || !account.isEnabled() || !use.userVerified()) {
            audit.record(AuditType.LOGIN_FAILED, use.accountId(), null, null, facts,
                    account == null ? "passkey of a deleted account" : !account.isEnabled() ? "account disabled" : "passkey without user verification");
            return new SignInOutcome.Refused("invalid-credentials");
        }
        Authentication authentication = new Authentication(clock.instant(), use.amr()).withSecondFactor(clock.instant());
        Issued issued = sessions.startVerified(account, clientId, audience, facts, authentication);
        audit.record(AuditType.PASSKEY_SIGN_IN, account.id(), account.id(), issued.session().id(), facts, "client=" + clientId);
        throttle.forgetFailures(account.username());
        return new SignInOutcome.Started(issued);
    }

    private Optional<List<String>> passkeyAssertion(Account account, String challenge, Answer.PasskeyResponse passkey) {
        try {
            Passkeys.Use use = passkeys.verifySecondFactor(account.id(), challenge, passkey.credentialJson());
            return Optional.of(use.amr());
        } catch (Refusal invalid) {
            return Optional.empty();
        }
    }

    private SignInOutcome wrong(String challenge, Account account, String method, RequestFacts facts) {
        challenges.failed(challenge);
        audit.record(AuditType.SECOND_FACTOR_FAILED, account.id(), null, null, facts, "method=" + method);
        return new SignInOutcome.Refused("wrong-second-factor");
    }

    private SignInOutcome started(Account account, AuthChallenge step, Authentication authentication, List<String> audience,
                                  RequestFacts facts, String method, List<String> codes, Integer left) {
        Issued issued = sessions.startVerified(account, step.clientId(), audience, facts, authentication);
        audit.record(AuditType.SECOND_FACTOR_SUCCEEDED, account.id(), account.id(), issued.session().id(), facts, "method=" + method);
        audit.record(AuditType.LOGIN_SUCCEEDED, account.id(), account.id(), issued.session().id(), facts, "client=" + step.clientId());
        throttle.forgetFailures(account.username());
        return new SignInOutcome.Started(issued, codes, left);
    }

    private AuthChallenge enrolment(String challenge) {
        return challenges.find(challenge, EnumSet.of(ChallengePurpose.ENROLMENT)).orElseThrow(SignInStepExpired::new);
    }

    /** The challenge's account, locked, if nothing that matters changed since the first step; else the challenge is void. */
    private Account stillValid(AuthChallenge step) {
        Account account = em.find(Account.class, step.accountId(), LockModeType.PESSIMISTIC_WRITE);
        if (account == null || !account.isEnabled() || account.passwordChangeRequired()
                || !fingerprint(account).equals(step.passwordFingerprint())
                || step.tokenVersion() == null || account.tokenVersion() != step.tokenVersion()) {
            throw new SignInStepExpired();
        }
        return account;
    }

    /** What the first step proved the password against: a hash of the account's password hash. */
    static String fingerprint(Account account) {
        return RandomSecrets.sha256Hex(account.passwordHash());
    }
}
