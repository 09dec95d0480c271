package dev.rotor.admin.control;

import dev.rotor.platform.Refusal;

/** An admin tried to disable their own account or drop their own admin role. */
public class SelfLockout extends Refusal {
    public SelfLockout(String detail) {
        super("self-lockout", 409, detail);
    }
}
