package dev.rotor.example.oidcapp;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.LogoutDefinition;

/**
 * The whole of this example app's sign-in: Jakarta Security 3's own OpenID Connect client, pointed
 * at Rotor. Nothing here is Rotor's code. The provider, client id and secret come from the
 * {@code rotorOidc} bean (MicroProfile Config); Rotor has no email, so the scopes are
 * {@code openid profile} (the annotation's default also asks for {@code email}). With
 * {@code tokenAutoRefresh} the app refreshes its tokens at Rotor when the access token is about to expire.
 */
@ApplicationScoped
@DeclareRoles({"user", "admin"})
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${rotorOidc.providerUri}",
        clientId = "${rotorOidc.clientId}",
        clientSecret = "${rotorOidc.clientSecret}",
        redirectURI = "${baseURL}/callback",
        redirectToOriginalResource = true,
        scope = {"openid", "profile"},
        tokenAutoRefresh = true,
        claimsDefinition = @ClaimsDefinition(callerNameClaim = "preferred_username", callerGroupsClaim = "groups"),
        logout = @LogoutDefinition(notifyProvider = true, redirectURI = "${baseURL}/signed-out"))
public class OidcAppSecurity {
}
