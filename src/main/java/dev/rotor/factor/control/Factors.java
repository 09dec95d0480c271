package dev.rotor.factor.control;

import dev.rotor.factor.entity.FactorKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.EnumSet;
import java.util.Set;

/** What second factors an account has, and removing them all (an admin's action). */
@ApplicationScoped
public class Factors {

    @Inject
    Passkeys passkeys;

    @Inject
    Totps totps;

    @Inject
    RecoveryCodes recoveryCodes;

    /** The kinds the account can use for a second step (recovery codes only beside a real factor). */
    public Set<FactorKind> of(String accountId) {
        Set<FactorKind> kinds = EnumSet.noneOf(FactorKind.class);
        if (passkeys.hasAny(accountId)) {
            kinds.add(FactorKind.PASSKEY);
        }
        if (totps.isEnrolled(accountId)) {
            kinds.add(FactorKind.TOTP);
        }
        if (!kinds.isEmpty() && recoveryCodes.remaining(accountId) > 0) {
            kinds.add(FactorKind.RECOVERY_CODE);
        }
        return kinds;
    }

    /** True when the account has a passkey or a confirmed authenticator app. */
    public boolean hasAny(String accountId) {
        return passkeys.hasAny(accountId) || totps.isEnrolled(accountId);
    }

    /** Removes every factor of the account (an admin's action for a user who lost theirs); returns the kinds it had. */
    @Transactional
    public Set<FactorKind> removeAll(String accountId) {
        Set<FactorKind> had = of(accountId);
        passkeys.removeAll(accountId);
        totps.remove(accountId);
        recoveryCodes.removeAll(accountId);
        return had;
    }
}
