package dev.rotor.admin.control;

import dev.rotor.platform.Refusal;

/** Roles that are empty or not a subset of {@link UserAdministration#ROLES}. */
public class InvalidRoles extends Refusal {
    public InvalidRoles() {
        super("invalid-roles", 400, "Roles must be a non-empty subset of " + UserAdministration.ROLES + ".");
    }
}
