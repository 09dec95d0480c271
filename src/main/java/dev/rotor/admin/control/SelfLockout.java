package dev.rotor.admin.control;

/** An admin tried to disable their own account or drop their own admin role. */
public class SelfLockout extends RuntimeException {
    public SelfLockout(String detail) {
        super(detail);
    }
}
