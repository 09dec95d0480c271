package dev.rotor.selfservice.control;

/** The temporary-password route was used for an account whose password is not temporary. */
public class PasswordChangeNotRequired extends RuntimeException {

    public PasswordChangeNotRequired() {
        super("password change not required", null, false, false);
    }
}
