/**
 * The audit trail: one row per security event (sign-ins and refusals, sessions ended, admin
 * actions, key changes), written in the transaction that makes the change, and its retention; it
 * may use {@code platform}.
 */
package dev.rotor.audit;
