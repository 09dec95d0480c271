package dev.rotor.platform;

/**
 * Fired once per deployment, by {@code StartUp}, when this instance is ready: configuration
 * checked, schema migrated, secrets and signing keys loaded, the first admin created, the
 * revocation log followed. Work that needs all of that (the timers that read the revocation log)
 * starts when it observes this event, so none of it runs before.
 */
public record Started() {
}
