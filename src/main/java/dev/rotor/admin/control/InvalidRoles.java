package dev.rotor.admin.control;

/** Roles that are empty or not a subset of {@link UserAdministration#ROLES}. */
public class InvalidRoles extends RuntimeException {
    public InvalidRoles() {
        super("Roles must be a non-empty subset of " + UserAdministration.ROLES + ".");
    }
}
