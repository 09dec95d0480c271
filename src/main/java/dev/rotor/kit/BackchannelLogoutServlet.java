package dev.rotor.kit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * The app's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0 §2.5, §2.8):
 * Rotor POSTs {@code logout_token=<JWT>} as a form; a token {@link LogoutTokenVerifier} accepts ends
 * the app's sessions {@link BackchannelSessions} holds for its {@code sid} (or {@code sub}) and is
 * answered 200; anything else 400 {@code {"error":"invalid_request",…}}; every answer
 * {@code Cache-Control: no-store}. Registered at {@code rotor.kit.backchannel-logout.path} by
 * {@link BackchannelLogoutSetup}, and only when that is set.
 */
public class BackchannelLogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(BackchannelLogoutServlet.class.getName());

    private final transient LogoutTokenVerifier verifier;
    private final transient BackchannelSessions sessions;

    BackchannelLogoutServlet(LogoutTokenVerifier verifier, BackchannelSessions sessions) {
        this.verifier = verifier;
        this.sessions = sessions;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            refuse(response, "the body must be application/x-www-form-urlencoded");
            return;
        }
        LogoutTokenVerifier.Logout logout;
        try {
            logout = verifier.verify(request.getParameter("logout_token"));
        } catch (LogoutTokenVerifier.Refused e) {
            LOG.info(() -> "Back-channel logout refused: " + e.getMessage());
            refuse(response, e.getMessage());
            return;
        }
        int ended = sessions.end(logout.sid(), logout.sub());
        LOG.fine(() -> "Back-channel logout ended " + ended + " session(s)");
        response.setStatus(HttpServletResponse.SC_OK);
    }

    private static void refuse(HttpServletResponse response, String reason) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":\"" + reason.replace("\"", "'") + "\"}");
    }
}
