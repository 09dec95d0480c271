/**
 * The protected call, "who is calling, and may they still?": the one bearer mechanism (header or
 * access cookie), the typed {@code Caller}, which methods need a caller, and the checks every such
 * call passes (signing key still published, then the cut-off kept current from the revocation
 * log); it may use {@code platform}, {@code problem}, {@code audit}, {@code custody},
 * {@code account}, {@code throttle}, {@code token}, {@code session} and {@code client}.
 */
package dev.rotor.access;
