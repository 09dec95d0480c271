/**
 * The resource-server kit, compiled here and shipped only as {@code target/rotor-resource-server.jar}:
 * a resource server adds it to refuse the tokens Rotor has revoked, learnt by following Rotor's
 * revocation feed, and to ask for a second factor on a method ({@code @RequiresMfa}); it may use no other package.
 */
package dev.rotor.kit;
