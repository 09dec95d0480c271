package dev.rotor.throttle.entity;

/** What a throttle entry counts. */
public enum ThrottleKind {
    /** Failed sign-ins for one typed username (known or not), keyed by an HMAC of it. */
    ACCOUNT,
    /** Failed sign-ins from one client address, whatever the username. */
    ADDRESS,
    /** Registration attempts from one client address. */
    REGISTRATION
}
