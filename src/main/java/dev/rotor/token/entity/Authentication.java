package dev.rotor.token.entity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a session signed in: when ({@code auth_time}) and with what ({@code amr}, RFC 8176 values).
 * A session keeps it unchanged through every refresh; access and ID tokens carry both.
 * {@value #MFA} is present when two different kinds of factor were used, or a passkey with user
 * verification (something you have, unlocked by something you know or are).
 */
public record Authentication(Instant time, List<String> methods) {

    /** A password. */
    public static final String PWD = "pwd";
    /** A one-time code: an authenticator app (TOTP) or a recovery code. */
    public static final String OTP = "otp";
    /** A passkey whose key cannot leave its device (not backup-eligible). */
    public static final String HWK = "hwk";
    /** A passkey that may be synced to other devices (backup-eligible). */
    public static final String SWK = "swk";
    /** User verification on the authenticator (PIN or biometric, the authenticator does not say which). */
    public static final String USER = "user";
    /** More than one factor. */
    public static final String MFA = "mfa";

    public Authentication {
        methods = List.copyOf(new LinkedHashSet<>(methods));
    }

    /** A password alone. */
    public static Authentication password(Instant time) {
        return new Authentication(time, List.of(PWD));
    }

    /** The stored form (space-separated); null or blank is a password alone (sessions from before amr was kept). */
    public static Authentication of(Instant time, String stored) {
        return stored == null || stored.isBlank() ? password(time) : new Authentication(time, Arrays.asList(stored.trim().split(" +")));
    }

    /** These methods and {@code more}, with {@value #MFA} added: the second step of a sign-in. */
    public Authentication withSecondFactor(Instant now, String... more) {
        List<String> all = new ArrayList<>(methods);
        all.addAll(List.of(more));
        all.remove(MFA);
        all.add(MFA);
        return new Authentication(now, all);
    }

    public boolean multiFactor() {
        return methods.contains(MFA);
    }

    /**
     * The {@code acr} claim (OpenID Connect Core §2, RFC 9470 §6.1): {@value #MFA}, the one
     * authentication context class Rotor defines (what {@code acr_values=mfa} asks for), when the
     * sign-in had more than one factor; else null (no claim: Rotor names no class for a password alone).
     */
    public String acr() {
        return multiFactor() ? MFA : null;
    }

    /** The stored form: space-separated. */
    public String stored() {
        return String.join(" ", methods);
    }

    public Set<String> asSet() {
        return new LinkedHashSet<>(methods);
    }
}
