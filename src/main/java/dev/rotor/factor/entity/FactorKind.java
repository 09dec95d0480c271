package dev.rotor.factor.entity;

/** The kinds of second factor an account can have. */
public enum FactorKind {
    PASSKEY("passkey"),
    TOTP("totp"),
    RECOVERY_CODE("recovery-code");

    private final String wire;

    FactorKind(String wire) {
        this.wire = wire;
    }

    /** The name in JSON bodies ({@code "passkey"}, {@code "totp"}, {@code "recovery-code"}). */
    public String wire() {
        return wire;
    }
}
