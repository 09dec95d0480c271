package dev.rotor.account.control;

import dev.rotor.account.entity.Password;

/** A new password breaks one of the {@link Password} rules. */
public class PasswordRejected extends RuntimeException {

    private final Password.Rule rule;

    public PasswordRejected(Password.Rule rule) {
        super("password rejected: " + rule, null, false, false);
        this.rule = rule;
    }

    public Password.Rule rule() {
        return rule;
    }
}
