package dev.rotor.authorize.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rotor.authorize.control.Authorizations.StepUp;
import dev.rotor.token.entity.Authentication;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code acr_values=mfa} at the front door: which sign-in answers a request, and what the others come to. */
class AuthorizationsStepUpTest {

    static final Instant REQUESTED = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant BEFORE = REQUESTED.minusSeconds(600);
    static final Instant AFTER = REQUESTED.plusSeconds(30);
    static final Authentication PASSWORD = Authentication.password(BEFORE);
    static final Authentication TWO_FACTORS = new Authentication(BEFORE, List.of("pwd", "otp", "mfa"));

    @Test
    void aRequestWithoutAcrValuesIsAnsweredByAnySignIn() {
        assertEquals(StepUp.ANSWER, Authorizations.stepUp(false, PASSWORD, BEFORE, REQUESTED, false));
        assertEquals(StepUp.ANSWER, Authorizations.stepUp(false, PASSWORD, BEFORE, REQUESTED, true));
    }

    @Test
    void aMultiFactorSignInAnswersAStepUpEvenFromBeforeTheRequest() {
        assertEquals(StepUp.ANSWER, Authorizations.stepUp(true, TWO_FACTORS, BEFORE, REQUESTED, false));
        assertEquals(StepUp.ANSWER, Authorizations.stepUp(true, TWO_FACTORS, BEFORE, REQUESTED, true));
        assertEquals(StepUp.ANSWER, Authorizations.stepUp(true, new Authentication(BEFORE, List.of("hwk", "user", "mfa")), BEFORE, REQUESTED,
                false));
    }

    @Test
    void anEarlierPasswordOnlySignInMustSignInAgain() {
        assertEquals(StepUp.SIGN_IN_AGAIN, Authorizations.stepUp(true, PASSWORD, BEFORE, REQUESTED, false));
        assertEquals(StepUp.SIGN_IN_AGAIN, Authorizations.stepUp(true, new Authentication(BEFORE, List.of("pwd", "otp")), BEFORE, REQUESTED,
                false), "otp without mfa is not multi-factor");
    }

    @Test
    void promptNoneWithoutASecondFactorIsLoginRequired() {
        assertEquals(StepUp.LOGIN_REQUIRED, Authorizations.stepUp(true, PASSWORD, BEFORE, REQUESTED, true));
        assertEquals(StepUp.LOGIN_REQUIRED, Authorizations.stepUp(true, PASSWORD, AFTER, REQUESTED, true));
    }

    @Test
    void aSignInForTheRequestThatStillLacksASecondFactorIsUnmet() {
        assertEquals(StepUp.UNMET, Authorizations.stepUp(true, Authentication.password(AFTER), AFTER, REQUESTED, false));
        assertEquals(StepUp.UNMET, Authorizations.stepUp(true, Authentication.password(REQUESTED), REQUESTED, REQUESTED, false),
                "at the same instant: made for this request");
    }
}
