package dev.rotor.factor.entity;

import java.time.Instant;

/** A passkey as its owner sees it: no key material, no credential id. */
public record PasskeyView(String id, String name, Instant createdAt, Instant lastUsedAt, boolean backupEligible, boolean backedUp) {

    public static PasskeyView of(Passkey passkey) {
        return new PasskeyView(passkey.id(), passkey.name(), passkey.createdAt(), passkey.lastUsedAt(),
                passkey.backupEligible(), passkey.backedUp());
    }
}
