/**
 * A user's own account: signing up ({@code /auth/register}), their sessions ({@code /auth/sessions},
 * ending one, {@code /auth/logout-all}), their password (changing it, replacing a temporary one)
 * the applications they allowed ({@code /auth/consents}), their second factors ({@code /auth/factors}, passkeys
 * under {@code /auth/factors/passkeys}; the username-less sign-in's {@code /auth/passkey/options}) and
 * {@code /api/me}; it may use {@code platform}, {@code problem}, {@code audit},
 * {@code custody}, {@code account}, {@code throttle}, {@code token}, {@code factor}, {@code session},
 * {@code access}, {@code browser}, {@code client} and {@code authorize}.
 */
package dev.rotor.selfservice;
