package dev.rotor;

import dev.rotor.platform.DatabaseUnavailable;
import dev.rotor.platform.Refusal;
import dev.rotor.problem.Challenge;
import dev.rotor.problem.OAuthError;
import dev.rotor.problem.Problem;
import dev.rotor.problem.ProblemException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place exceptions become answers: {@code application/problem+json} (RFC 9457),
 * except under {@code /oauth2/} (but for the sign-in page's API there), which answers in RFC 6749 §5.2 form. No stack trace,
 * no class name and no exception message of a library ever reaches a body.
 *
 * <p>Four kinds, in this order: an {@link OAuthError} a boundary threw answers as it is; a failure
 * caused by an unreachable database is a {@link DatabaseUnavailable}; every domain exception is a
 * {@link Refusal} and carries its own answer (a new one needs no change here); a
 * {@link ProblemException} a boundary threw, or an exception of JAX-RS or JSON, is translated
 * below. Anything else is a 500, logged with its stack trace.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    /** The sign-in page's API under {@code /oauth2/}: problem JSON like every other page's API. */
    static final String SIGN_IN_PAGE_API = "oauth2/authorize/requests/";

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable thrown) {
        if (thrown instanceof OAuthError oauth) {
            return oauth.toResponse();
        }
        if (DatabaseUnavailable.causes(thrown)) {
            LOG.warning(() -> "Database unavailable on " + safePath() + ": " + thrown.getClass().getName());
            return refused(new DatabaseUnavailable());
        }
        if (thrown instanceof Refusal refusal) {
            return refused(refusal);
        }
        Problem problem = problemFor(thrown);
        if (isOAuthPath() && problem.status() < 500) {
            return OAuthError.invalidRequest(problem.title() + ".").toResponse();
        }
        Response response = problem.toResponse();
        if (thrown instanceof NotAuthorizedException) { // RFC 6750 §3: no credentials, so no error code
            return Response.fromResponse(response).header("WWW-Authenticate", Challenge.BEARER).build();
        }
        if (thrown instanceof NotAllowedException notAllowed) {
            var allow = notAllowed.getResponse().getHeaderString("Allow");
            if (allow != null) {
                return Response.fromResponse(response).header("Allow", allow).build();
            }
        }
        return response;
    }

    /**
     * A domain refusal, answered from what it carries: its OAuth answer under {@code /oauth2/}
     * ({@code invalid_request} when it has none and is the caller's fault), its problem elsewhere,
     * each with its {@code Retry-After}.
     */
    private Response refused(Refusal refusal) {
        Long retryAfter = refusal.retryAfterSeconds().isPresent() ? refusal.retryAfterSeconds().getAsLong() : null;
        Problem problem = Problem.of(refusal.type(), refusal.status(), refusal.detail());
        if (isOAuthPath()) {
            var oauth = refusal.oauth();
            if (oauth.isPresent()) {
                return OAuthError.of(oauth.get(), retryAfter).toResponse();
            }
            if (problem.status() < 500) {
                return OAuthError.invalidRequest(problem.title() + ".").toResponse();
            }
        }
        Response response = problem.toResponse();
        return retryAfter == null ? response : Response.fromResponse(response).header("Retry-After", retryAfter).build();
    }

    /** A boundary's own problem, or the problem of an exception of JAX-RS or JSON; anything else is a 500. */
    private Problem problemFor(Throwable thrown) {
        if (thrown instanceof ProblemException known) {
            return known.problem();
        }
        if (thrown instanceof NotSupportedException) {
            return Problem.of("unsupported-media-type", "Unsupported media type", 415,
                    "This endpoint takes a different content type.");
        }
        if (thrown instanceof UnsupportedCharsetException || thrown instanceof IllegalCharsetNameException) {
            return Problem.of("unsupported-charset", "Unsupported media type", 415,
                    "The request names a character set this service does not know; send UTF-8.");
        }
        if (thrown instanceof NotAcceptableException) {
            return Problem.of("not-acceptable", "Not acceptable", 406, null);
        }
        if (thrown instanceof NotAllowedException) {
            return Problem.of("method-not-allowed", "Method not allowed", 405, null);
        }
        if (thrown instanceof NotFoundException) {
            return Problem.of("not-found", "Not found", 404, null);
        }
        if (thrown instanceof NotAuthorizedException) {
            return Problem.of("unauthorized", "Unauthorized", 401, "Sign in first.");
        }
        if (thrown instanceof JsonException || thrown instanceof JsonbException || thrown instanceof ProcessingException) {
            return Problem.of("malformed-body", "Bad request", 400, "The request body is not valid JSON.");
        }
        if (thrown instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status < 500) {
                var reason = Response.Status.fromStatusCode(status);
                return Problem.of("http-" + status, reason == null ? "Client error" : reason.getReasonPhrase(), status, null);
            }
        }
        LOG.log(Level.SEVERE, "Unexpected failure on " + safePath(), thrown);
        return Problem.of("internal", "Internal error", 500, "Something went wrong on our side.");
    }

    /**
     * Under {@code /oauth2/}, except the sign-in page's own API ({@code /oauth2/authorize/requests/}),
     * which a page of Rotor's reads, not an OAuth client, and so answers problems.
     */
    private boolean isOAuthPath() {
        String path = safePath();
        return path.startsWith("oauth2/") && !path.startsWith(SIGN_IN_PAGE_API);
    }

    private String safePath() {
        try {
            return uriInfo == null ? "" : uriInfo.getPath(false).replaceFirst("^/", "");
        } catch (RuntimeException e) {
            return "";
        }
    }
}
