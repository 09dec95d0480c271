/**
 * The admin API behind the console ({@code /admin/api}): users, their sessions and throttles, the
 * throttled addresses, signing keys, OAuth clients (with their back-channel logout delivery state) and the audit trail, every change audited with its actor; it
 * may use {@code platform}, {@code problem}, {@code audit}, {@code custody}, {@code account},
 * {@code throttle}, {@code token}, {@code factor}, {@code session}, {@code client}, {@code access}, {@code browser},
 * {@code logout}, {@code oauth} and {@code selfservice}.
 */
package dev.rotor.admin;
