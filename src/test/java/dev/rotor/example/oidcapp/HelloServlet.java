package dev.rotor.example.oidcapp;

import dev.rotor.kit.BackchannelSessions;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A page only a signed-in user sees: who the container says is calling, and their roles. It also
 * tells the resource-server kit which Rotor sign-in ({@code sid} of the ID token) this HTTP
 * session belongs to, so that a back-channel logout from Rotor ends it.
 */
@WebServlet("/hello")
@ServletSecurity(@HttpConstraint(rolesAllowed = "user"))
public class HelloServlet extends HttpServlet {

    @Inject
    OpenIdContext openId;

    @Inject
    BackchannelSessions logoutTargets;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var claims = openId.getIdentityToken().getJwtClaims();
        logoutTargets.register(request.getSession(), claims.getStringClaim("sid").orElse(null), openId.getSubject());
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().print("<!doctype html><title>Hello</title><p id=\"hello\">Hello " + escape(request.getUserPrincipal().getName())
                + "</p><p id=\"roles\">user=" + request.isUserInRole("user") + " admin=" + request.isUserInRole("admin") + "</p>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
