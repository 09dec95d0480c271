package dev.rotor.account.control;

/** A CDI event: an account's owner chose a new password (fired in the transaction that stores it). */
public record PasswordChanged(String accountId, String username) {
}
