package dev.rotor.account.control;

import dev.rotor.account.entity.Account;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who must have a second factor: accounts with one of {@code rotor.mfa.required-roles} (default
 * {@code admin}; {@code none} switches the requirement off, with a warning at start), or every
 * account when {@code rotor.mfa.required-for-all} is true. Such an account without a factor is made
 * to enrol one at its next sign-in, and no token carries one of these roles unless its session
 * signed in with more than one factor.
 */
@ApplicationScoped
public class MfaPolicy {

    private static final Logger LOG = Logger.getLogger(MfaPolicy.class.getName());
    static final String NONE = "none";

    @Inject
    @ConfigProperty(name = "rotor.mfa.required-roles", defaultValue = "admin")
    String requiredRolesSetting;

    @Inject
    @ConfigProperty(name = "rotor.mfa.required-for-all", defaultValue = "false")
    boolean requiredForAll;

    private Set<String> requiredRoles;

    public MfaPolicy() {
    }

    /** For tests: the policy these settings make. */
    public MfaPolicy(String requiredRoles, boolean requiredForAll) {
        this.requiredRolesSetting = requiredRoles;
        this.requiredForAll = requiredForAll;
        init();
    }

    @PostConstruct
    void init() {
        String setting = requiredRolesSetting == null ? "" : requiredRolesSetting.trim();
        requiredRoles = NONE.equalsIgnoreCase(setting) ? Set.of()
                : Collections.unmodifiableSet(new TreeSet<>(Arrays.stream(setting.split(","))
                        .map(String::trim).filter(role -> !role.isEmpty()).toList()));
    }

    /** Logged once at start when nobody is required to have a second factor. */
    public void warnIfOff() {
        if (requiredRoles.isEmpty() && !requiredForAll) {
            LOG.warning("rotor.mfa.required-roles=" + requiredRolesSetting + " and rotor.mfa.required-for-all=false:"
                    + " no account, administrators included, is required to have a second factor");
        }
    }

    /** The roles only a multi-factor session's tokens carry. */
    public Set<String> requiredRoles() {
        return requiredRoles;
    }

    public boolean requiredForAll() {
        return requiredForAll;
    }

    /** True when this account must sign in with a second factor (and enrol one if it has none). */
    public boolean requiresFactor(Account account) {
        return requiredForAll || account.roles().stream().anyMatch(requiredRoles::contains);
    }

    /** The account's roles a token may carry: all of them for a multi-factor session, else those the policy does not reserve. */
    public Set<String> rolesFor(Account account, boolean multiFactor) {
        if (multiFactor) {
            return account.roles();
        }
        Set<String> allowed = new TreeSet<>(account.roles());
        allowed.removeAll(requiredRoles);
        return allowed;
    }
}
