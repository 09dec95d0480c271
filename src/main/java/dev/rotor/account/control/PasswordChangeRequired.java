package dev.rotor.account.control;

/**
 * The password was right, but it is a temporary one an admin set: no session starts until the
 * owner has chosen a new one ({@code POST /auth/temporary-password}).
 */
public class PasswordChangeRequired extends RuntimeException {

    public PasswordChangeRequired() {
        super("password change required", null, false, false);
    }
}
