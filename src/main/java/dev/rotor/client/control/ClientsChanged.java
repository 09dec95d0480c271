package dev.rotor.client.control;

/** A registered client was registered, changed or deleted; fired in the transaction that did it. */
public record ClientsChanged(String clientId) {
}
