package dev.rotor.account.control;

import dev.rotor.account.entity.Password;
import dev.rotor.platform.Refusal;

/** A new password breaks one of the {@link Password} rules; each rule is its own problem type. */
public class PasswordRejected extends Refusal {

    private final Password.Rule rule;

    public PasswordRejected(Password.Rule rule) {
        super(type(rule), 400, detail(rule));
        this.rule = rule;
    }

    public Password.Rule rule() {
        return rule;
    }

    private static String type(Password.Rule rule) {
        return switch (rule) {
            case TOO_LONG -> "password-too-long";
            case TOO_SHORT -> "password-too-short";
            case SAME_AS_USERNAME -> "password-is-username";
            case UNCHANGED -> "password-unchanged";
        };
    }

    private static String detail(Password.Rule rule) {
        return switch (rule) {
            case TOO_LONG -> "The password is longer than " + Password.MAX_BYTES + " bytes.";
            case TOO_SHORT -> "The password needs at least " + Password.MIN_CHARS + " characters.";
            case SAME_AS_USERNAME -> "The password must not be the username.";
            case UNCHANGED -> "The new password must differ from the current one.";
        };
    }
}
