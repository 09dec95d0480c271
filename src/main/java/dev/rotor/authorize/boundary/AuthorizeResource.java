package dev.rotor.authorize.boundary;

import dev.rotor.authorize.control.AuthorizationRequestCheck;
import dev.rotor.authorize.control.AuthorizationRequestCheck.Accepted;
import dev.rotor.authorize.control.AuthorizationRequestCheck.ErrorPage;
import dev.rotor.authorize.control.AuthorizationRequestCheck.ErrorRedirect;
import dev.rotor.authorize.control.AuthorizationRequests;
import dev.rotor.authorize.control.Authorizations;
import dev.rotor.client.control.Clients;
import dev.rotor.client.control.Scopes;
import dev.rotor.platform.RotorSettings;
import dev.rotor.token.control.IdTokenIssuer;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The authorization endpoint, {@code GET /oauth2/authorize} (RFC 6749 §4.1.1 with PKCE, as
 * {@link AuthorizationRequestCheck} decides): a request Rotor cannot answer safely is an HTML error
 * page (400, never a redirect); any other error is a 303 to the client's redirect URI with
 * {@code error}, {@code error_description}, {@code state} and {@code iss} (RFC 9207); a good one is
 * kept and the browser goes on to the sign-in page, {@code /signin/?request=<id>}.
 */
@Path("oauth2/authorize")
@PermitAll
@ApplicationScoped
public class AuthorizeResource {

    @Inject
    Clients clients;

    @Inject
    Scopes scopes;

    @Inject
    AuthorizationRequests requests;

    @Inject
    RotorSettings settings;

    @Inject
    IdTokenIssuer idTokens;

    @GET
    public Response authorize(@Context UriInfo uri) {
        var decision = AuthorizationRequestCheck.decide(uri.getQueryParameters(true), clients::findEnabled, scopes::requested);
        if (decision instanceof ErrorPage page) {
            return errorPage(page.message());
        }
        if (decision instanceof ErrorRedirect error) {
            return seeOther(Authorizations.errorUrl(error.redirectUri(), error.error(), error.description(), error.state(),
                    settings.issuer()));
        }
        var accepted = (Accepted) decision;
        if (requests.nonceUsed(accepted.client().clientId(), accepted.nonce())) {
            return seeOther(Authorizations.errorUrl(accepted.redirectUri(), "invalid_request", "This nonce was already used.", accepted.state(),
                    settings.issuer()));
        }
        String hint = uri.getQueryParameters().getFirst("id_token_hint");
        String hintedSubject = null;
        if (hint != null && !hint.isEmpty()) {
            var claims = idTokens.verifyHint(hint).filter(c -> c.getAudience().contains(accepted.client().clientId()));
            if (claims.isEmpty()) {
                return seeOther(Authorizations.errorUrl(accepted.redirectUri(), "invalid_request",
                        "id_token_hint is not an ID token Rotor issued to this client.", accepted.state(), settings.issuer()));
            }
            hintedSubject = claims.get().getSubject();
        }
        return seeOther("/signin/?request=" + URLEncoder.encode(requests.create(accepted, hintedSubject).id(), StandardCharsets.UTF_8));
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).header("Cache-Control", "no-store").build();
    }

    /** The page for a request that names no safe place to send the user back to; every text escaped. */
    static Response errorPage(String message) {
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <meta name="color-scheme" content="light dark">
                  <title>Sign-in request refused · Rotor</title>
                  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
                  <link rel="stylesheet" href="/assets/rotor.css">
                </head>
                <body>
                  <header class="site-header"><p class="brand">Rotor</p></header>
                  <main id="main">
                    <h1>This sign-in request cannot be served</h1>
                    <div id="message" class="message message-error" role="alert">%s</div>
                    <p>Go back to the application and try again. If this keeps happening, tell the application's administrator.</p>
                  </main>
                </body>
                </html>
                """.formatted(escape(message));
        return Response.status(400).type("text/html; charset=UTF-8").header("Cache-Control", "no-store").entity(html).build();
    }

    static String escape(String text) {
        var out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
