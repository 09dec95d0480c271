/**
 * A user's own account: signing up ({@code /auth/register}), their sessions ({@code /auth/sessions},
 * ending one, {@code /auth/logout-all}), their password (changing it, replacing a temporary one)
 * and {@code /api/me}; it may use {@code platform}, {@code problem}, {@code audit},
 * {@code custody}, {@code account}, {@code throttle}, {@code token}, {@code session},
 * {@code access} and {@code browser}.
 */
package dev.rotor.selfservice;
