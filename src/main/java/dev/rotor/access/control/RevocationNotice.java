package dev.rotor.access.control;

/**
 * Fired (synchronously, outside any transaction) after a notice from another instance, or from this
 * one, made this instance read the revocation log: whatever waits for new revocations can look now.
 */
public record RevocationNotice() {
}
