package dev.rotor.throttle.entity;

/** What a throttle entry counts. */
public enum ThrottleKind {
    /** Failed sign-ins for one typed username (known or not), keyed by an HMAC of it. */
    ACCOUNT,
    /** Failed sign-ins from one client address, whatever the username. */
    ADDRESS,
    /** Registration attempts from one client address. */
    REGISTRATION,
    /** Secret checks for one configured resource-server client id, counted before the slow hash. */
    CLIENT,
    /** Failed resource-server authentications from one client address, whatever the client id. */
    CLIENT_ADDRESS
}
