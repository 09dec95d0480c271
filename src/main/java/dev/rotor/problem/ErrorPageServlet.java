package dev.rotor.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The container's error pages (web.xml), answered as problem JSON instead of Payara's HTML
 * report: a 401 from MicroProfile JWT, a 403 from a role check, anything that never reached JAX-RS.
 */
@WebServlet("/_error")
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 500;
        Problem problem = switch (status) {
            case 401 -> Problem.of("unauthorized", "Unauthorized", 401, "A valid access token is required.");
            case 403 -> Problem.of("forbidden", "Forbidden", 403, "You are not allowed to do this.");
            case 404 -> Problem.of("not-found", "Not found", 404, null);
            case 405 -> Problem.of("method-not-allowed", "Method not allowed", 405, null);
            default -> status >= 500
                    ? Problem.of("internal", "Internal error", status, "Something went wrong on our side.")
                    : Problem.of("http-" + status, "Client error", status, null);
        };
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        if (status == 401) {
            response.setHeader("WWW-Authenticate",
                    request.getAttribute(Challenge.TOKEN_REFUSED) != null ? Challenge.INVALID_TOKEN : Challenge.BEARER);
        }
        response.getWriter().write(problem.toJson().toString());
    }
}
