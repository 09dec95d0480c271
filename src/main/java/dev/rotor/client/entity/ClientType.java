package dev.rotor.client.entity;

/** RFC 6749 §2.1: a public client holds no secret; a confidential one authenticates with a secret Rotor issued. */
public enum ClientType {
    PUBLIC,
    CONFIDENTIAL
}
